import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { View } from '../../../web/view.js';
import type { ApplicationForCase } from '../access.js';
import { ApplicationAnswers } from './answers.js';

/**
 * The application's answers as the case page shows them, rendered once per application, answer
 * hash and language: a submitted application never changes, and its form version with the map
 * is the costliest part of the page (number formatting, the base map's paths). Case workers open
 * a case again and again (after every step the page reloads), so later views skip it. Bounded:
 * the least recently shown application is dropped first.
 */

const limit = 500;
const rendered = new Map<string, string>();

export function answersHtml(view: View, application: ApplicationForCase): string {
  const { id, dataHash } = application.application;
  const key = `${id}\0${dataHash ?? ''}\0${application.version.procedure.key}\0${application.version.version}\0${view.lang}`;
  let html = rendered.get(key);
  if (html === undefined) {
    html = renderToString(h(ApplicationAnswers, { form: application.version.form, data: application.application.data, view }));
    if (rendered.size >= limit) rendered.delete(rendered.keys().next().value!);
  } else rendered.delete(key);
  rendered.set(key, html);
  return html;
}
