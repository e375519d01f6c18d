export { createMailer, mailDirectory, removeUnfinishedMails, type Mailer, type MailIdentity, type MailMessage, type SentMail } from './mailer.js';
export { listStoredMails, type StoredMail } from './stored.js';
export { parseMail, type ParsedMail } from './eml.js';
export { enqueueMail, mailJob, mailJobType, sendMailJob } from './outbox.js';
