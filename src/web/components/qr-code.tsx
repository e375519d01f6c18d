import QRCode from 'qrcode';

/**
 * A QR code as inline SVG, drawn here from the code's modules (so it is escaped like every other
 * element and needs no script or image source). One path of unit squares, with the quiet zone
 * of four modules the standard asks for.
 */
export function QrCode({ text, label, size = 200 }: { text: string; label: string; size?: number }) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const side = modules.size + 2 * quiet;
  let d = '';
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) if (modules.get(row, column)) d += `M${column + quiet} ${row + quiet}h1v1h-1z`;
  }
  return (
    <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${side} ${side}`} width={size} height={size} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect width={side} height={side} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
