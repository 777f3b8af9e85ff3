/** A QR code as an inline SVG element of a printed size, for letters (no image requests). */
import QRCode from 'qrcode';

export async function qrCodeSvg(text: string, sizeMm: number, label: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 0 });
  return svg.replace('<svg ', `<svg width="${sizeMm}mm" height="${sizeMm}mm" role="img" aria-label="${label}" `);
}
