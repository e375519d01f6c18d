// Placing a point on a form's map (progressive enhancement; without it the map shows the point
// entered after the page is sent). A click on the map beside a coordinate question fills its inputs,
// in both offered kinds of system (ETRS89/UTM in its zone and WGS84), and moves the marker; typed coordinates move
// the marker too. The inputs stay the way to answer by keyboard: the map is an addition.
(() => {
  // ---- projection math (also loaded by the unit tests, without a document) ----

  // The SVG's plate carrée: x = (lon - west) * kx, y = (north - lat) * ky (see render/map-preview.tsx).
  function pixelToLonLat(frame, x, y) {
    return { lon: frame.west + x / frame.kx, lat: frame.north - y / frame.ky };
  }
  function lonLatToPixel(frame, lon, lat) {
    return { x: (lon - frame.west) * frame.kx, y: (frame.north - lat) * frame.ky };
  }

  // Transverse Mercator after Krüger (series to n^4, well under a millimetre within a zone) on
  // GRS80: ETRS89 / UTM zone N (EPSG:258NN), whose meridian is 6N - 183 degrees.
  const a = 6378137;
  const f = 1 / 298.257222101;
  const n = f / (2 - f);
  const A = (a / (1 + n)) * (1 + (n * n) / 4 + (n * n * n * n) / 64);
  const k0 = 0.9996;
  const falseEasting = 500000;
  const meridianOf = (zone) => ((6 * zone - 183) * Math.PI) / 180;
  const n2 = n * n;
  const n3 = n2 * n;
  const n4 = n3 * n;
  const alpha = [
    n / 2 - (2 * n2) / 3 + (5 * n3) / 16 + (41 * n4) / 180,
    (13 * n2) / 48 - (3 * n3) / 5 + (557 * n4) / 1440,
    (61 * n3) / 240 - (103 * n4) / 140,
    (49561 * n4) / 161280,
  ];
  const beta = [n / 2 - (2 * n2) / 3 + (37 * n3) / 96 - n4 / 360, n2 / 48 + n3 / 15 - (437 * n4) / 1440, (17 * n3) / 480 - (37 * n4) / 840, (4397 * n4) / 161280];
  const delta = [2 * n - (2 * n2) / 3 - 2 * n3 + (116 * n4) / 45, (7 * n2) / 3 - (8 * n3) / 5 - (227 * n4) / 45, (56 * n3) / 15 - (136 * n4) / 35, (4279 * n4) / 630];
  const e2n = (2 * Math.sqrt(n)) / (1 + n);

  function toUtm(zone, lon, lat) {
    const phi = (lat * Math.PI) / 180;
    const dLambda = (lon * Math.PI) / 180 - meridianOf(zone);
    const t = Math.sinh(Math.atanh(Math.sin(phi)) - e2n * Math.atanh(e2n * Math.sin(phi)));
    const xi = Math.atan2(t, Math.cos(dLambda));
    const eta = Math.atanh(Math.sin(dLambda) / Math.sqrt(1 + t * t));
    let easting = eta;
    let northing = xi;
    for (let j = 1; j <= 4; j++) {
      easting += alpha[j - 1] * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta);
      northing += alpha[j - 1] * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta);
    }
    return { easting: falseEasting + k0 * A * easting, northing: k0 * A * northing };
  }

  function fromUtm(zone, easting, northing) {
    const xi = northing / (k0 * A);
    const eta = (easting - falseEasting) / (k0 * A);
    let xi1 = xi;
    let eta1 = eta;
    for (let j = 1; j <= 4; j++) {
      xi1 -= beta[j - 1] * Math.sin(2 * j * xi) * Math.cosh(2 * j * eta);
      eta1 -= beta[j - 1] * Math.cos(2 * j * xi) * Math.sinh(2 * j * eta);
    }
    const chi = Math.asin(Math.sin(xi1) / Math.cosh(eta1));
    let phi = chi;
    for (let i = 1; i <= 4; i++) phi += delta[i - 1] * Math.sin(2 * i * chi);
    return { lon: ((meridianOf(zone) + Math.atan2(Math.sinh(eta1), Math.cos(xi1))) * 180) / Math.PI, lat: (phi * 180) / Math.PI };
  }

  /** The UTM zone of an ETRS89 / UTM system's code (EPSG:25832 → 32), else undefined. */
  function zoneOf(crs) {
    const match = /^EPSG:258(\d\d)$/.exec(crs || '');
    return match ? Number(match[1]) : undefined;
  }

  /** A click at SVG coordinates (x, y) as the answer: UTM (in the zone, if one) to the metre, degrees to 6 places (about 10 cm). */
  function positionAt(frame, x, y, zone) {
    const place = pixelToLonLat(frame, x, y);
    const degrees = { lon: Math.round(place.lon * 1e6) / 1e6, lat: Math.round(place.lat * 1e6) / 1e6 };
    if (zone === undefined) return degrees;
    const utm = toUtm(zone, place.lon, place.lat);
    return { ...degrees, easting: Math.round(utm.easting), northing: Math.round(utm.northing) };
  }

  const api = { pixelToLonLat, lonLatToPixel, toUtm, fromUtm, zoneOf, positionAt };
  globalThis.AmtswegMapPicker = api;
  if (typeof document === 'undefined') return;

  // ---- the page ----

  function frameOf(svg) {
    return { west: Number(svg.dataset.west), north: Number(svg.dataset.north), kx: Number(svg.dataset.kx), ky: Number(svg.dataset.ky) };
  }
  function decimal(value, lang) {
    const text = String(value);
    return lang === 'de' ? text.replace('.', ',') : text;
  }
  function number(text) {
    const value = Number(String(text).trim().replace(/\s/g, '').replace(',', '.'));
    return String(text).trim() === '' || !Number.isFinite(value) ? undefined : value;
  }
  function inputOf(figure, axis) {
    return document.getElementById(`${figure.dataset.field}-${axis}`);
  }
  function chosenCrs(figure) {
    const fieldset = document.getElementById(figure.dataset.field);
    const choice = fieldset?.querySelector('input[name$="[crs]"]:checked') || fieldset?.querySelector('input[type=hidden][name$="[crs]"]');
    return choice ? choice.value : undefined;
  }
  // The zone of the metres: the chosen system's, else that of the first UTM system the question offers (as the server keeps them).
  function metricZone(figure) {
    const pair = inputOf(figure, 'easting')?.closest('[data-crs]');
    const offered = pair ? pair.dataset.crs.split(' ') : [];
    return zoneOf(chosenCrs(figure)) ?? zoneOf(offered[0]);
  }

  function placeMarker(figure, lon, lat) {
    const svg = figure.querySelector('svg[data-west]');
    const marker = figure.querySelector('[data-marker]');
    if (!svg || !marker) return;
    const point = lonLatToPixel(frameOf(svg), lon, lat);
    marker.setAttribute('cx', String(Math.round(point.x * 10) / 10));
    marker.setAttribute('cy', String(Math.round(point.y * 10) / 10));
    marker.setAttribute('visibility', 'visible');
  }

  function pick(figure, event) {
    const svg = figure.querySelector('svg[data-west]');
    const matrix = svg.getScreenCTM();
    if (!matrix) return;
    const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    const values = positionAt(frameOf(svg), at.x, at.y, metricZone(figure));
    const lang = document.documentElement.lang === 'en' ? 'en' : 'de';
    Object.keys(values).forEach((axis) => {
      const input = inputOf(figure, axis);
      if (input) input.value = decimal(values[axis], lang);
    });
    placeMarker(figure, values.lon, values.lat);
    const status = figure.querySelector('[role=status]');
    if (status) {
      const degrees = zoneOf(chosenCrs(figure)) === undefined;
      const pair = degrees ? [values.lon, values.lat] : [values.easting, values.northing];
      status.textContent = (figure.dataset.msgPicked || '').replace('{x}', decimal(pair[0], lang)).replace('{y}', decimal(pair[1], lang));
    }
  }

  function followInputs(figure) {
    const zone = zoneOf(chosenCrs(figure));
    if (zone === undefined) {
      const lon = number(inputOf(figure, 'lon')?.value ?? '');
      const lat = number(inputOf(figure, 'lat')?.value ?? '');
      if (lon !== undefined && lat !== undefined) placeMarker(figure, lon, lat);
      return;
    }
    const easting = number(inputOf(figure, 'easting')?.value ?? '');
    const northing = number(inputOf(figure, 'northing')?.value ?? '');
    if (easting === undefined || northing === undefined) return;
    const place = fromUtm(zone, easting, northing);
    placeMarker(figure, place.lon, place.lat);
  }

  function enhance(root) {
    root.querySelectorAll('[data-map-picker]').forEach((figure) => {
      // The point follows the inputs at once. Removed, not hidden: a hidden first submit button would
      // still be the one Enter in an input presses, instead of "Weiter".
      figure.querySelectorAll('[data-map-show]').forEach((button) => {
        button.remove();
      });
      figure.querySelector('svg[data-west]')?.classList.add('aw-map-picker__map--active');
    });
  }

  document.addEventListener('click', (event) => {
    const figure = event.target.closest?.('[data-map-picker]');
    if (figure && event.target.closest('svg[data-west]')) pick(figure, event);
  });
  document.addEventListener('input', (event) => {
    const fieldset = event.target.closest?.('.aw-coordinate');
    const figure = fieldset && document.querySelector(`[data-map-picker][data-field="${CSS.escape(fieldset.id)}"]`);
    if (figure) followInputs(figure);
  });
  enhance(document);
  // forms.js swaps the questions when a choice opens or closes some: enhance the new ones.
  new MutationObserver(() => enhance(document)).observe(document.body, { childList: true, subtree: true });
})();
