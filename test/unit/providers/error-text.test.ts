// Error pages are reduced to a short line: tags, styles and scripts gone, whitespace collapsed, at most 200 chars.
import { describe, expect, it } from 'vitest';
import { maxErrorTextChars, shortenErrorText } from '../../../src/providers/error-text.js';

describe('shortenErrorText', () => {
  it("reduces nginx's 502 page to its text", () => {
    const page = '502 <html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';
    expect(shortenErrorText(page)).toBe('502 502 Bad Gateway 502 Bad Gateway nginx/1.25.3');
  });

  it('drops scripts, styles and comments, decodes entities, and caps the length', () => {
    const page = `503 <!DOCTYPE html><html><style>.x{color:red}</style><script>var k = "secret";</script><!-- note --><p>Service &amp; more &#39;x&#39;</p>${'<p>filler words</p>'.repeat(100)}</html>`;
    const text = shortenErrorText(page);
    expect(text.startsWith("503 Service & more 'x' filler words")).toBe(true);
    expect(text).not.toMatch(/color|secret|note|[<>]/);
    expect(text.length).toBeLessThanOrEqual(maxErrorTextChars);
    expect(text.endsWith('…')).toBe(true);
  });

  it('leaves an ordinary API message as it is, and cuts a long plain body', () => {
    expect(shortenErrorText("400 Invalid value: 'x'. Supported values are: '4', '8', and '12'.")).toBe("400 Invalid value: 'x'. Supported values are: '4', '8', and '12'.");
    expect(shortenErrorText(`500 ${'a'.repeat(5000)}`)).toHaveLength(maxErrorTextChars);
  });
});
