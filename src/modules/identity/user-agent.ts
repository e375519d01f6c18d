/**
 * Browser and system named from a User-Agent header, for the session list on Mein Konto
 * ("Chrome auf Linux" instead of the raw header). A few rules, checked in order: browsers that
 * carry another's token (Edge, Opera and Samsung Internet say "Chrome", Chrome says "Safari")
 * come first. Only the names people know; anything else is left unnamed (null).
 */

export interface Device {
  browser: string | null;
  system: string | null;
}

const browsers: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/(\b|Headless)(Chrome|CriOS|Chromium)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const systems: [RegExp, string][] = [
  [/\bWindows\b/, 'Windows'],
  [/\bAndroid\b/, 'Android'],
  [/\b(iPhone|iPod)\b/, 'iOS'],
  [/\biPad\b/, 'iPadOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b|\bX11\b/, 'Linux'],
];

const firstMatch = (rules: [RegExp, string][], userAgent: string) => rules.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;

export function deviceOf(userAgent: string | null | undefined): Device {
  const text = userAgent ?? '';
  return { browser: firstMatch(browsers, text), system: firstMatch(systems, text) };
}
