import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  readXdomeaMessage,
  receiptFor,
  validateXdomea,
  writeObjectMessage,
  writeXdomeaMessage,
  type Aktenplan,
  type AktenplanMessage,
  type MessageCode,
  type SmallMessage,
  type XdomeaMessage,
} from '../../../src/modules/records/xdomea/index.js';
import { akteWith, bohranzeigeVorgang, dokument, header, versionWith, bytesOf, withoutFileSources } from './fixtures.js';

const plan: Aktenplan = {
  bezeichnung: 'Aktenplan des LfULG',
  version: '2026-1',
  gueltigkeit: { beginn: '2026-01-01' },
  einheiten: [
    {
      kennzeichen: '52',
      inhaltsangabe: 'Geologie',
      aussonderungsart: 'B',
      aufbewahrungsdauer: 10,
      stillgelegt: false,
      einheiten: [
        { kennzeichen: '52.10.20', inhaltsangabe: 'Anzeigen nach GeolDG', aussonderungsart: 'A', aufbewahrungsdauer: 30, stillgelegt: false, einheiten: [] },
        {
          kennzeichen: '52.10.30',
          inhaltsangabe: 'Geologische Landesaufnahme',
          aussonderungsart: 'A',
          aufbewahrungsdauer: 'unbefristet',
          stillgelegt: false,
          gueltigkeit: { beginn: '2020-01-01', ende: '2030-12-31' },
          einheiten: [],
        },
        { kennzeichen: '52.10.99', inhaltsangabe: 'Altbestand', aussonderungsart: 'V', aufbewahrungsdauer: 5, stillgelegt: true, einheiten: [] },
      ],
    },
  ],
};

async function assertValid(xml: string): Promise<void> {
  const result = await validateXdomea(xml);
  assert.deepEqual(result.errors, [], xml.slice(0, 2000));
  assert.equal(result.valid, true);
}

/** Every message kind: written, schema-valid, and read back to the same data. */
const smallMessages: SmallMessage[] = [
  { code: '0301', header: header(), aktenplan: plan, empfangsbestaetigung: true },
  { code: '0302', header: header('from-archive') },
  {
    code: '0502',
    header: header('from-archive'),
    empfangsbestaetigung: true,
    bewertungen: [
      { id: randomUUID(), aussonderungsart: 'A' },
      { id: randomUUID(), aussonderungsart: 'V' },
    ],
  },
  { code: '0504', header: header('from-archive') },
  { code: '0505', header: header() },
  {
    code: '0506',
    header: header('from-archive'),
    ergebnisse: [
      { id: randomUUID(), erfolgreich: true, fehlermeldungen: [], archivkennung: 'StA-DD 12345/2027' },
      { id: randomUUID(), erfolgreich: false, fehlermeldungen: ['Primärdatei fehlt', 'Prüfsumme falsch'] },
    ],
  },
  { code: '0507', header: header('from-archive') },
  { code: '0402', header: header('from-archive'), ergebnisse: [{ id: randomUUID(), erfolgreich: true, fehlermeldungen: [] }] },
  { code: '0403', header: header('from-archive') },
];

describe('XDOMEA small messages', () => {
  for (const message of smallMessages) {
    it(`${message.code}: valid against the XSD and read back unchanged`, async () => {
      const xml = writeXdomeaMessage(message);
      await assertValid(xml);
      assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<xdomea:/);
      const read = await readXdomeaMessage(xml, { accept: [message.code] });
      assert.deepEqual(read, message);
    });
  }

  it('answers a 0502 that asks for a receipt with a 0505 in the same process, sender and recipient swapped', async () => {
    const received = await readXdomeaMessage(writeXdomeaMessage(smallMessages[2]!));
    assert.equal(received.code, '0502');
    if (received.code !== '0502') return;
    assert.equal(received.empfangsbestaetigung, true);
    const receipt = receiptFor(received, new Date('2026-12-02T08:00:00.000Z'));
    assert.deepEqual(receipt, {
      code: '0505',
      header: {
        prozessId: received.header.prozessId,
        erstellungszeitpunkt: new Date('2026-12-02T08:00:00.000Z'),
        absender: received.header.empfaenger,
        empfaenger: received.header.absender,
      },
    });
    await assertValid(writeXdomeaMessage(receipt));
    assert.equal(receiptFor(smallMessages[0] as AktenplanMessage).code, '0302');
  });

  it('refuses to write a Bewertungsverzeichnis or import confirmation without objects', () => {
    assert.throws(() => writeXdomeaMessage({ code: '0502', header: header('from-archive'), empfangsbestaetigung: false, bewertungen: [] }), { code: 'empty-message' });
    assert.throws(() => writeXdomeaMessage({ code: '0506', header: header('from-archive'), ergebnisse: [] }), { code: 'empty-message' });
  });
});

describe('XDOMEA object messages (0501, 0503, 0401)', () => {
  const objectsOf = () => [akteWith([bohranzeigeVorgang(1), bohranzeigeVorgang(2)]), bohranzeigeVorgang(3), dokument('Einzeldokument', [versionWith(bytesOf('x'), 'Notiz.txt')])];

  it('0501 Anbieteverzeichnis lists the objects without versions (metadata only) and validates', async () => {
    const objekte = objectsOf();
    const message = { code: '0501', header: header(), objekte, empfangsbestaetigung: true, aktenplan: plan } as const;
    const xml = await writeObjectMessage(message);
    await assertValid(xml);
    assert.ok(!xml.includes('<xdomea:Primaerdokument>'), '0501 must not list primary files');
    const read = await readXdomeaMessage(xml, { accept: ['0501'] });
    const withoutVersions = JSON.parse(
      JSON.stringify(objekte, (key, v: unknown) => (key === 'versionen' ? [] : v)),
      (_key, v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v) ? new Date(v) : v),
    ) as typeof objekte;
    assert.deepEqual(read, { ...message, objekte: withoutVersions });
  });

  it('0501 reads its objects from an async source', async () => {
    async function* objects() {
      for (let i = 1; i <= 3; i++) yield bohranzeigeVorgang(i);
    }
    const xml = await writeObjectMessage({ code: '0501', header: header(), objekte: objects(), empfangsbestaetigung: false });
    await assertValid(xml);
    assert.equal(xml.match(/<xdomea:Schriftgutobjekt>/g)?.length, 3);
  });

  for (const code of ['0503', '0401'] as const) {
    it(`${code} carries the versions with their file names, validates and reads back`, async () => {
      const objekte = objectsOf();
      const message: XdomeaMessage & { code: typeof code } =
        code === '0503'
          ? { code, header: header(), objekte, rueckmeldungArchivkennung: true, empfangsbestaetigung: false }
          : { code, header: header(), objekte, empfangsbestaetigung: true };
      const xml = await writeObjectMessage(message);
      await assertValid(xml);
      const read = await readXdomeaMessage(xml, { accept: [code] as MessageCode[] });
      assert.deepEqual(read, withoutFileSources(message));
    });
  }

  it('escapes markup and drops characters XML cannot carry', async () => {
    const vorgang = { ...bohranzeigeVorgang(1), betreff: 'A & B <c> "d" \u0007Ende' };
    const xml = await writeObjectMessage({ code: '0501', header: header(), objekte: [vorgang], empfangsbestaetigung: false });
    await assertValid(xml);
    const read = await readXdomeaMessage(xml, { accept: ['0501'] });
    assert.equal(read.objekte[0]?.betreff, 'A & B <c> "d" Ende');
  });

  it('refuses an empty object list', async () => {
    await assert.rejects(writeObjectMessage({ code: '0501', header: header(), objekte: [], empfangsbestaetigung: false }), { code: 'empty-message' });
  });
});
