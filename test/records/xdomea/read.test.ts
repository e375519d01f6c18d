import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { zipSync } from 'fflate';
import { readXdomeaMessage, writeXdomeaMessage, XdomeaMessageError, type XdomeaErrorCode } from '../../../src/modules/records/xdomea/index.js';
import { bytesOf, header } from './fixtures.js';

const sample = (name: string) => readFileSync(new URL(`samples/${name}`, import.meta.url));

async function refusal(input: Uint8Array | string, code: XdomeaErrorCode, options?: Parameters<typeof readXdomeaMessage>[1]): Promise<XdomeaMessageError> {
  try {
    await readXdomeaMessage(input, options);
  } catch (error) {
    assert.ok(error instanceof XdomeaMessageError, String(error));
    assert.equal(error.code, code, error.en);
    assert.ok(error.de.length > 0 && error.en.length > 0);
    return error;
  }
  assert.fail(`expected a ${code} refusal`);
}

const bewertung = () =>
  writeXdomeaMessage({ code: '0502', header: header('from-archive'), empfangsbestaetigung: true, bewertungen: [{ id: randomUUID(), aussonderungsart: 'A' }] });

describe('readXdomeaMessage reads what others wrote', () => {
  it('reads the xdomea_toolkit 0502 pattern (the archive decides per object by its UUID)', async () => {
    const message = await readXdomeaMessage(sample('xx_Aussonderung.Bewertungsverzeichnis.0502.xml'));
    assert.equal(message.code, '0502');
    if (message.code !== '0502') return;
    assert.deepEqual(message.bewertungen, [{ id: 'cbdbfccc-72e5-44b2-9e71-937e6f4f8ce9', aussonderungsart: 'A' }]);
    assert.equal(message.header.prozessId, '242f44e8-bebf-4503-a086-db252c6a4277');
    assert.equal(message.header.absender.behoerdenschluessel?.code, 'LATh');
    assert.equal(message.header.empfaenger.institution, 'EmpXdomeaInstitutionName');
    assert.equal(message.empfangsbestaetigung, true);
  });

  it('reads the xdomea_toolkit 0504 pattern', async () => {
    const message = await readXdomeaMessage(sample('xx_Aussonderung.AnbietungEmpfangBestaetigen.0504.xml'));
    assert.equal(message.code, '0504');
  });

  it('reads a message from an XDOMEA package (ZIP) and ignores other entries', async () => {
    const prozessId = randomUUID();
    const xml = writeXdomeaMessage({ code: '0507', header: header('from-archive', prozessId) });
    const zip = zipSync({ [`${prozessId}_Aussonderung.AussonderungEmpfangBestaetigen.0507.xml`]: bytesOf(xml), 'readme.txt': bytesOf('x') });
    const message = await readXdomeaMessage(zip);
    assert.equal(message.code, '0507');
    assert.equal(message.header.prozessId, prozessId);
  });
});

describe('readXdomeaMessage refuses', () => {
  it('bytes that are not XML, or not UTF-8', async () => {
    const notXml = await refusal(bytesOf('%PDF-1.7 not a message'), 'not-xml');
    assert.match(notXml.de, /kein/);
    await refusal(new Uint8Array([0x3c, 0x61, 0xff, 0xfe, 0x3e]), 'not-xml');
    const broken = await refusal('<?xml version="1.0"?>\n<a>\n<b></a>', 'not-xml');
    assert.match(broken.en, /line \d/);
  });

  it('a DOCTYPE (entity expansion), which no XDOMEA message has', async () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>${bewertung()
      .replace(/^<\?xml[^>]*\?>/, '')
      .replace('<code>A</code>', '<code>&lol2;</code>')}`;
    const error = await refusal(laughs, 'not-xml');
    assert.match(error.de, /DOCTYPE/);
  });

  it('a ZIP without exactly one message', async () => {
    await refusal(zipSync({ 'a.txt': bytesOf('x') }), 'not-a-package');
  });

  it('XML in another namespace, naming the XDOMEA version when it is one', async () => {
    const v24 = await refusal(bewertung().replace('urn:xoev-de:xdomea:schema:3.0.0', 'urn:xoev-de:xdomea:schema:2.4.0'), 'foreign-namespace');
    assert.match(v24.de, /XDOMEA 2\.4\.0/);
    await refusal('<?xml version="1.0"?><rss version="2.0"><channel/></rss>', 'foreign-namespace');
    await refusal(bewertung().replace(' xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0"', ' xmlns:xdomea="urn:example"'), 'foreign-namespace');
  });

  it('a message the authority sends rather than receives, or one the caller does not expect', async () => {
    const ours = writeXdomeaMessage({ code: '0505', header: header() });
    const sent = await refusal(ours, 'wrong-message-type');
    assert.match(sent.de, /BewertungEmpfangBestaetigen\.0505 wird hier nicht angenommen/);
    assert.match(sent.de, /0502 Aussonderung\.Bewertungsverzeichnis/);
    await refusal(bewertung(), 'wrong-message-type', { accept: ['0506'] });
  });

  it('a schema-invalid message, listing the first libxml2 errors with line numbers', async () => {
    const withoutProzessId = bewertung()
      .replace(/<xdomea:ProzessID>[^<]*<\/xdomea:ProzessID>/, '')
      .replace('><xdomea:Kopf>', '>\n<xdomea:Kopf>');
    const error = await refusal(withoutProzessId, 'schema-invalid');
    assert.ok(error.details.length >= 1 && error.details.length <= 5);
    assert.match(error.details[0]!, /^3: .*Nachrichtentyp.*Expected is.*ProzessID/);
    assert.match(error.de, /XDOMEA-3\.0\.0-Schema/);
    const badCode = await refusal(bewertung().replace('<code>A</code>', '<code>X</code>'), 'schema-invalid');
    assert.match(badCode.details.join('\n'), /X/);
  });
});
