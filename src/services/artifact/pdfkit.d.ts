// The part of pdfkit's API Warden's reports use (pdfkit 0.20 ships no type declarations).
declare module 'pdfkit' {
  interface TextOptions {
    width?: number;
    align?: 'left' | 'center' | 'right' | 'justify';
    continued?: boolean;
    indent?: number;
    lineBreak?: boolean;
  }
  interface DocumentOptions {
    size?: string;
    margin?: number;
    compress?: boolean;
    info?: { Title?: string; Author?: string; Subject?: string; Producer?: string; Creator?: string };
  }
  class PDFDocument {
    constructor(options?: DocumentOptions);
    x: number;
    y: number;
    page: { width: number; height: number; margins: { left: number; right: number; top: number; bottom: number } };
    on(event: 'data', listener: (chunk: Buffer) => void): this;
    on(event: 'end', listener: () => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    text(text: string, options?: TextOptions): this;
    text(text: string, x: number, y: number, options?: TextOptions): this;
    moveDown(lines?: number): this;
    rect(x: number, y: number, w: number, h: number): this;
    fill(color?: string): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    lineWidth(width: number): this;
    strokeColor(color: string): this;
    stroke(color?: string): this;
    addPage(): this;
    end(): void;
  }
  export default PDFDocument;
}
