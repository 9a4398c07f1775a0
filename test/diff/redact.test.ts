/** The one credential scrubber (src/util/redact.ts): every form of credential, and its invariants. */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { excerpt, forgetSecrets, outputUrl, redact, registerSecret, showOrigin, showUrl } from '../../src/util/redact.js';

afterEach(() => forgetSecrets());

describe('redact', () => {
  it('hides a registered secret, trimmed or not (a trailing newline from a secrets file)', () => {
    registerSecret('s3cr3t-value-42\n');
    expect(redact('token s3cr3t-value-42 was refused')).toBe('token *** was refused');
    expect(redact('raw s3cr3t-value-42\n here')).toBe('raw *** here');
  });

  it('ignores secrets shorter than 4 characters (they would hide ordinary words)', () => {
    registerSecret('abc');
    expect(redact('abc abcd')).toBe('abc abcd');
    registerSecret('abcd');
    expect(redact('abc abcd')).toBe('abc ***');
  });

  it('drops the user name and password of any URL', () => {
    expect(redact('see https://bot:pw-123@git.example/a?b=1 and ftp://u@h/x')).toBe('see https://git.example/a?b=1 and ftp://h/x');
  });

  it.each([
    ['ghp_Zx81QmK2pLw7NvR4tY6uB0cD3eF5gH9jA1sS', '***'],
    ['gho_0123456789abcdefABCDEF', '***'],
    ['ghs_0123456789abcdefABCDEF', '***'],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnop', '***'],
    ['glpat-Hx7Kq2Lm9Np4Rt6Vw8Yz', '***'],
    ['glcbt-64_Q2w3E4r5T6y7U8i9O0pA', '***'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', '***'],
    ['Authorization: Bearer abc123def456ghi789', 'Authorization: Bearer ***'],
    ['PRIVATE-TOKEN: glpat-short1', 'PRIVATE-TOKEN: ***'],
    ['"access_token":"f00ba4-xyz"', '"access_token":"***"'],
    ['?access_token=0123abcd&x=1', '?access_token=***&x=1'],
    ['token 0a1b2c3d4e5f6a7b', 'token ***'],
  ])('hides %s', (input, out) => {
    expect(redact(input)).toBe(out);
  });

  it('leaves ordinary prose alone (no digit, no credential key)', () => {
    const prose = 'the token in GITHUB_TOKEN is invalid or expired — the token needs the api scope; Bearer tokens expire';
    expect(redact(prose)).toBe(prose);
  });

  it('is idempotent, and no registered secret survives it (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{8,40}$/), fc.string(), fc.string(), (secret, before, after) => {
        forgetSecrets();
        registerSecret(secret);
        const out = redact(`${before}${secret}${after}`);
        expect(out).not.toContain(secret);
        expect(redact(out)).toBe(out);
      }),
    );
  });
});

describe('excerpt', () => {
  it('escapes control and bidi characters, folds whitespace and caps the length', () => {
    expect(excerpt('a\u001b[31mb\n\n c\u202ed')).toBe('a\\u001b[31mb c\\u202ed');
    expect(excerpt('word '.repeat(500), 10)).toBe('word word…');
    // a run of token characters cut by the scrubbing window is dropped whole, never shown in part
    expect(excerpt('x'.repeat(500), 10)).toBe('…');
    expect(excerpt('x'.repeat(10), 10)).toBe('x'.repeat(10));
  });

  it('never shows part of a token cut at the scrubbing window', () => {
    registerSecret('SECRETSECRETSECRET');
    // the window is 8 × max characters: put the secret across its edge, after folded whitespace
    const text = `${'a '.repeat(37)}${' '.repeat(5000)}SECRETSECRETSECRET`;
    const out = excerpt(text, 10);
    expect(out).not.toMatch(/SECRET/);
  });
});

describe('URLs for messages', () => {
  it('showUrl drops credentials, query and fragment; showOrigin keeps scheme, host and port', () => {
    expect(showUrl('https://u:p@api.example:8443/v4/x?private_token=abc#f')).toBe('https://api.example:8443/v4/x');
    expect(showOrigin('http://u:p@127.0.0.1:99/a/b')).toBe('http://127.0.0.1:99');
  });

  it('outputUrl keeps http(s) links without credentials, and refuses other schemes', () => {
    expect(outputUrl('https://bot:ghp_Zx81QmK2pLw7NvR4tY6uB0cD3@github.example/a/pull/7#issuecomment-5')).toBe('https://github.example/a/pull/7#issuecomment-5');
    expect(outputUrl('javascript:alert(1)')).toBeNull();
    expect(outputUrl('not a url')).toBeNull();
    expect(outputUrl(null)).toBeNull();
  });
});
