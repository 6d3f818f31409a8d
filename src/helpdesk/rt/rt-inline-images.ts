import type { MailAttachment } from '../../mail/index.js';

/** An image that was embedded in the HTML as a `data:` URL, to be attached instead. */
export interface EmbeddedImage {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

/** The HTML as RT gets it, and the embedded images it no longer holds. */
export interface InlineImagesResult {
  readonly html: string;
  readonly embedded: readonly EmbeddedImage[];
}

const IMG_TAG = /<img\b[^>]*>/gi;
const SRC_ATTRIBUTE = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
const DATA_IMAGE = /^data:(image\/[a-z0-9.+-]+);base64,([a-z0-9+/=\s]*)$/i;

/**
 * Replaces each `<img>` whose picture is part of the mail with a text reference to the attachment
 * that carries it: `[image: logo.png]`.
 *
 * Why: REST2 (RT 5.0) builds the message itself, as `multipart/mixed` without `Content-ID`
 * headers, and RT resolves `cid:` only to parts of a `multipart/related` with a matching
 * `Content-ID` (`RT::Interface::Web::RewriteInlineImages`); its HTML scrubber drops `data:`
 * sources. Either kind would show as a broken picture. The images themselves are attached:
 * `cid:` parts are among the mail's attachments already, and `data:` images are returned in
 * `embedded` (named `inline-image-N.<ext>`) for the caller to attach. Other images (none survive
 * popdesk's sanitiser) are left alone. Pure.
 */
export function replaceInlineImages(
  html: string,
  attachments: readonly MailAttachment[],
): InlineImagesResult {
  const embedded: EmbeddedImage[] = [];
  const rewritten = html.replace(IMG_TAG, (tag) => {
    const match = SRC_ATTRIBUTE.exec(tag);
    const src = decodeEntities((match?.[1] ?? match?.[2] ?? match?.[3] ?? '').trim());
    if (/^cid:/i.test(src)) {
      const attachment = findByContentId(attachments, decodeCid(src.slice(4)));
      return attachment === undefined ? '[image]' : `[image: ${escapeHtml(attachment.filename)}]`;
    }
    const data = DATA_IMAGE.exec(src);
    if (data !== null) {
      const contentType = (data[1] ?? 'image/png').toLowerCase();
      const filename = `inline-image-${embedded.length + 1}.${extension(contentType)}`;
      embedded.push({
        filename,
        contentType,
        content: Buffer.from((data[2] ?? '').replace(/\s/g, ''), 'base64'),
      });
      return `[image: ${filename}]`;
    }
    return tag;
  });
  return { html: rewritten, embedded };
}

function findByContentId(attachments: readonly MailAttachment[], cid: string): MailAttachment | undefined {
  return (
    attachments.find((attachment) => attachment.contentId === cid) ??
    attachments.find((attachment) => attachment.contentId?.toLowerCase() === cid.toLowerCase())
  );
}

/** `cid:` URLs are percent-encoded Content-IDs (RFC 2392), sometimes with the angle brackets; a bad escape is taken literally. */
function decodeCid(text: string): string {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // Not valid percent-encoding: compare as written.
  }
  return decoded.replace(/^<|>$/g, '');
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function extension(contentType: string): string {
  const subtype = contentType.slice('image/'.length);
  if (subtype === 'jpeg') return 'jpg';
  if (subtype === 'svg+xml') return 'svg';
  return /^[a-z0-9]+$/.test(subtype) ? subtype : 'bin';
}
