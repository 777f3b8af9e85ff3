/**
 * Open and click tracking for e-mail HTML. Clicks: the `href` of every web link (`http:` or
 * `https:`) becomes the service's signed redirect, which records the click and forwards; links
 * marked `data-no-track`, `mailto:` and `tel:` links stay as they are. Opens: a 1×1 image at the
 * end of the body. The HTML comes from our templates (MJML output, attributes double-quoted),
 * so one pass over the `<a>` start tags is exact; anything else is left untouched.
 *
 * Opens are a hint, not proof: some mail apps load images for privacy (Apple Mail) or never
 * (images blocked); clicks are reliable.
 */
import type { MessageTracking } from '../sdk/define-connector.ts';

export interface TrackingOptions {
  opens: boolean;
  clicks: boolean;
}

const anchorStartTag = /<a\b[^>]*>/gi;
const hrefAttribute = /(\shref\s*=\s*)"([^"]*)"/i;

const decodeAttribute = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const encodeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

export function addTracking(
  html: string,
  messageId: string,
  tracking: MessageTracking,
  options: TrackingOptions,
): string {
  let tracked = html;
  if (options.clicks) {
    tracked = tracked.replace(anchorStartTag, (tag) => {
      if (/\sdata-no-track\b/i.test(tag)) return tag;
      return tag.replace(hrefAttribute, (whole, prefix: string, raw: string) => {
        const target = decodeAttribute(raw).trim();
        if (!/^https?:\/\//i.test(target)) return whole;
        return `${prefix}"${encodeAttribute(tracking.clickUrl(messageId, target))}"`;
      });
    });
  }
  if (options.opens) {
    const pixel = `<img src="${encodeAttribute(tracking.openPixelUrl(messageId))}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;margin:0;padding:0" />`;
    const end = tracked.search(/<\/body\s*>/i);
    tracked = end === -1 ? tracked + pixel : tracked.slice(0, end) + pixel + tracked.slice(end);
  }
  return tracked;
}
