// fontkit ships no type declarations; this is the part Amtsweg uses (pdfkit does the rest).
declare module 'fontkit' {
  export interface Font {
    readonly postscriptName: string;
    layout(text: string): unknown;
  }
  export function create(buffer: Buffer): Font;
}
