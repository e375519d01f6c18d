import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import zlib from 'node:zlib';
import type { HttpApp } from '../../src/core/module.js';
import { mediaTypeAccepted, sniffMediaType } from '../../src/modules/applications/uploads.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { sampleNotification } from '../procedures/bohranzeige-sample.js';
import { applicationTestModules, citizen, encodeActor, multipartBody, tenantId, tinyPdf } from './helpers.js';

const mib = 1024 * 1024;

/**
 * A ZIP whose one member inflates to 512 MiB of zeros, about 520 KB in all. The member is named
 * like the part list of an Office document, which a type detector opens to tell DOCX from ZIP. The deflate stream is
 * one sync-flushed MiB repeated (each copy is whole blocks that refer to nothing before them) and
 * an empty final block, so building it costs milliseconds instead of compressing 512 MiB.
 */
function zipBomb({ centralDirectory }: { centralDirectory: boolean }): Buffer {
  const zeros = Buffer.alloc(mib);
  const piece = zlib.deflateRawSync(zeros, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const data = Buffer.concat([...Array<Buffer>(512).fill(piece), zlib.deflateRawSync(Buffer.alloc(0))]);
  let crc = 0;
  for (let i = 0; i < 512; i++) crc = zlib.crc32(zeros, crc);
  const name = Buffer.from('[Content_Types].xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(0x21, 12); // 1980-01-01
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(512 * mib, 22);
  local.writeUInt16LE(name.length, 26);
  if (!centralDirectory) return Buffer.concat([local, name, data]);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  local.copy(central, 10, 8, 28); // method, time, date, crc, sizes, name length
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

describe('upload bombs: a file is judged by its first bytes, never inflated', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let auth: Record<string, string>;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      auth = { authorization: `Test ${encodeActor(citizen(await tenantId(runtime)))}` };
    },
    { modules: applicationTestModules },
  );

  const post = (url: string, body: { payload: Buffer; contentType: string }) =>
    app.inject({ method: 'POST', url, headers: { ...auth, 'content-type': body.contentType }, payload: body.payload });
  const asFile = (bytes: Buffer) => multipartBody([], [{ field: 'file', name: 'lageplan.pdf', type: 'application/pdf', bytes }]);

  async function draft(): Promise<string> {
    const response = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: auth, payload: { procedure: 'bohranzeige', data: sampleNotification() } });
    assert.equal(response.statusCode, 201, response.body);
    return response.json().id as string;
  }

  it('refuses a ZIP of 512 MiB inflated, posted as a site plan, at once and without growing the process by 50 MB', async () => {
    const id = await draft();
    const bomb = zipBomb({ centralDirectory: true });
    assert.ok(bomb.length < 600 * 1024);
    const rssBefore = process.memoryUsage.rss();
    const started = performance.now();
    const response = await post(`/api/v1/applications/${id}/attachments?field=/sitePlan`, asFile(bomb));
    const seconds = (performance.now() - started) / 1000;
    const growth = (process.memoryUsage.rss() - rssBefore) / mib;
    assert.equal(response.statusCode, 422, response.body);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    assert.deepEqual(
      response.json().errors.map((error: { pointer: string; code: string }) => [error.pointer, error.code]),
      [['/sitePlan', 'applications.upload.type']],
    );
    assert.match(response.json().errors[0].detail, /application\/pdf/, 'the message names what the field accepts');
    assert.ok(growth < 50, `the process grew by ${growth.toFixed(1)} MB`);
    assert.ok(seconds < 2, `took ${seconds.toFixed(2)} s`);
  });

  it('refuses a ZIP without central directory with the same message, not a 500', async () => {
    const id = await draft();
    const response = await post(`/api/v1/applications/${id}/attachments?field=/sitePlan`, asFile(zipBomb({ centralDirectory: false })));
    assert.equal(response.statusCode, 422, response.body);
    assert.equal(response.json().errors[0].code, 'applications.upload.type');
  });

  it('refuses the bomb in a Postfach reply too', async () => {
    const id = await draft();
    assert.equal((await post(`/api/v1/applications/${id}/attachments?field=/sitePlan`, asFile(tinyPdf))).statusCode, 201);
    assert.equal((await app.inject({ method: 'POST', url: `/api/v1/applications/${id}/submit`, headers: auth })).statusCode, 201);
    const reply = multipartBody([['body', 'Anbei der Lageplan.']], [{ field: 'file', name: 'lageplan.pdf', type: 'application/pdf', bytes: zipBomb({ centralDirectory: true }) }]);
    const response = await post(`/api/v1/applications/${id}/messages`, reply);
    assert.equal(response.statusCode, 422, response.body);
    assert.deepEqual(
      response.json().errors.map((error: { pointer: string }) => error.pointer),
      ['/files/0'],
    );
  });

  it('names the types by their signatures, and text only when all of it is UTF-8 without control characters', () => {
    const cases: [string, Buffer, string | null][] = [
      ['PDF', tinyPdf, 'application/pdf'],
      ['PNG', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'image/png'],
      ['JPEG', Buffer.from('ffd8ffe000104a464946', 'hex'), 'image/jpeg'],
      ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), 'image/gif'],
      ['TIFF little-endian', Buffer.from('49492a0008000000', 'hex'), 'image/tiff'],
      ['TIFF big-endian', Buffer.from('4d4d002a00000008', 'hex'), 'image/tiff'],
      ['ZIP', zipBomb({ centralDirectory: false }).subarray(0, 100), 'application/zip'],
      ['empty ZIP', Buffer.from('504b0506000000000000000000000000000000000000', 'hex'), 'application/zip'],
      ['XML', Buffer.from('<?xml version="1.0"?><a/>'), 'application/xml'],
      ['CSV', Buffer.from('a;b;c\n1;2;3\n4;5;6\n'), 'text/csv'],
      ['text', Buffer.from('Sehr geehrte Damen und Herren,\nanbei …'), 'text/plain'],
      ['text with NUL', Buffer.from('abc\u0000def'), null],
      ['Latin-1, not UTF-8', Buffer.from('Stra\xdfe', 'latin1'), null],
      ['an executable', Buffer.from('MZ\x90\x00not a pdf', 'latin1'), null],
      ['empty', Buffer.alloc(0), null],
    ];
    for (const [name, bytes, type] of cases) assert.equal(sniffMediaType(bytes), type, name);
    // The text check works in slices: a character split between two slices is still UTF-8, and a
    // control character far behind the first slice is still found.
    const long = Buffer.concat([Buffer.alloc(64 * 1024 - 1, 'a'), Buffer.from('€ und weiter\n')]);
    assert.equal(sniffMediaType(long), 'text/plain');
    assert.equal(sniffMediaType(Buffer.concat([long, Buffer.alloc(200 * 1024, 'b'), Buffer.from('\u0007')])), null);
    assert.equal(mediaTypeAccepted('application/zip', ['application/pdf', 'image/*']), false);
    assert.equal(mediaTypeAccepted('image/gif', ['application/pdf', 'image/*']), true);
  });
});
