import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { covenantHtmlFragment, covenantMarkdown, direction, pickText, SUPPORTED_LANGUAGES, type SupportedLanguage } from '../../../src/domain/covenant/index.js';
import { edited, template } from './helpers.js';

const headings: Record<SupportedLanguage, string[]> = {
  en: ['# Solidarity covenant', '## Horizon', '## Non-negotiables', '### 1. Pluralism and internal democracy `pluralism-internal-democracy`', '## Exit protocol', '## Mirroring risk at home'],
  es: ['# Pacto de solidaridad', '## Horizonte', '## Principios innegociables', '### 1. Pluralismo y democracia interna `pluralism-internal-democracy`', '## Protocolo de salida', '## Asumir riesgos en casa'],
  fr: ['# Pacte de solidarité', '## Horizon', '## Principes non négociables', '### 1. Pluralisme et démocratie interne `pluralism-internal-democracy`', '## Protocole de sortie', '## Prendre des risques chez soi'],
  pt: ['# Pacto de solidariedade', '## Horizonte', '## Princípios inegociáveis', '### 1. Pluralismo e democracia interna `pluralism-internal-democracy`', '## Protocolo de saída', '## Assumir riscos em casa'],
  ar: ['# ميثاق التضامن', '## الأفق', '## المبادئ غير القابلة للتفاوض', '### 1. التعددية والديمقراطية الداخلية `pluralism-internal-democracy`', '## بروتوكول الخروج', '## تحمّل المخاطر محليًا'],
};

const windowLine: Record<SupportedLanguage, string> = {
  en: '- Corrective window: 60 days',
  es: '- Plazo de corrección: 60 días',
  fr: '- Délai de correction: 60 jours',
  pt: '- Prazo de correção: 60 dias',
  ar: '- مهلة التصحيح: 60 يومًا',
};

describe('covenantMarkdown', () => {
  it.each(SUPPORTED_LANGUAGES)('renders the whole covenant in %s, labels included', (lang) => {
    const md = covenantMarkdown(template(), lang);
    const lines = md.split('\n');
    for (const h of headings[lang]) expect(lines).toContain(h);
    expect(lines).toContain(windowLine[lang]);
    if (lang !== 'en') expect(md).not.toMatch(/Corrective|Non-negotiables|Exit protocol|Renewed every| days\b|\breview\b/);
    expect(md).not.toContain('_['); // nothing fell back
  });

  it('falls back to the original language per field and marks it', () => {
    const c = edited((x) => {
      delete x.principles[1]!.title.text.fr;
      delete x.horizon.text.fr;
    });
    const md = covenantMarkdown(c, 'fr');
    expect(md).toContain('### 2. No authoritarian concentration of power _[en]_ `no-concentration-of-power`');
    expect(md).toContain('## Horizon\n\nMovements that win without becoming what they fought');
    expect(md).toMatch(/correct course or part ways\. _\[en\]_\n/);
    expect(md).toContain('### 1. Pluralisme et démocratie interne `pluralism-internal-democracy`');
  });

  it('defaults to the original language and picks pt for pt-BR without a fallback mark', () => {
    expect(covenantMarkdown(template())).toBe(covenantMarkdown(template(), 'en'));
    expect(covenantMarkdown(template(), 'pt-BR')).toBe(covenantMarkdown(template(), 'pt'));
    expect(pickText({ original: 'en', text: { en: 'a', 'pt-BR': 'b' } }, 'pt')).toEqual({ text: 'b', lang: 'pt-BR', fallback: false });
    expect(pickText({ original: 'en', text: { en: 'a' } }, 'ar')).toEqual({ text: 'a', lang: 'en', fallback: true });
  });

  it('escapes user text so no Markdown renderer sees markup or raw HTML in it', () => {
    const c = edited((x) => {
      x.horizon.text.en = '# not a heading\n- not a list\n1. not a list\n> not a quote\n<b>not bold</b> *nor this* [nor](a link) `nor code`';
    });
    const md = covenantMarkdown(c, 'en');
    expect(md).toContain('\\# not a heading\n\\- not a list\n1\\. not a list\n\\> not a quote\n\\<b>not bold\\</b> \\*nor this\\* \\[nor\\](a link) \\`nor code\\`');
  });

  it('keeps any text inert (property): every < escaped, headings only ours', () => {
    const ours = covenantMarkdown(template(), 'en')
      .split('\n')
      .filter((l) => l.startsWith('#')).length;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).filter((s) => !/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(s)), (s) => {
        const md = covenantMarkdown(
          edited((x) => {
            x.horizon.text.en = s;
            x.tactics.acceptable[0]!.text.en = s;
          }),
          'en',
        );
        expect(md).not.toMatch(/(^|[^\\])</);
        expect(md.split('\n').filter((l) => /^ {0,3}#/.test(l))).toHaveLength(ours);
      }),
      { numRuns: 100 },
    );
  });
});

describe('covenantHtmlFragment', () => {
  const OUR_TAGS = new Set(['article', 'h1', 'h2', 'h3', 'p', 'div', 'ul', 'ol', 'li', 'span', 'strong', 'code', 'small', 'br']);

  it('marks Arabic text right-to-left, on the article and on each text', () => {
    const html = covenantHtmlFragment(template(), 'ar');
    expect(html.startsWith('<article class="covenant" lang="ar" dir="rtl">')).toBe(true);
    expect(html).toContain('<div lang="ar" dir="rtl"><p>حركات تنتصر');
    expect(html).toContain('<h3>1. <span lang="ar" dir="rtl">التعددية والديمقراطية الداخلية</span> <code>pluralism-internal-democracy</code></h3>');
    expect(html).not.toMatch(/lang="ar" dir="ltr"/);
  });

  it('gives Arabic text dir="rtl" inside a left-to-right page, and marks fallbacks', () => {
    const c = edited((x) => {
      x.tactics.unacceptable.push({ original: 'ar', text: { ar: 'الاعتداء على الصحفيين.' } });
    });
    const html = covenantHtmlFragment(c, 'es');
    expect(html.startsWith('<article class="covenant" lang="es" dir="ltr">')).toBe(true);
    expect(html).toContain('<li><span lang="ar" dir="rtl">الاعتداء على الصحفيين.</span> <small class="fallback">[ar]</small></li>');
  });

  it('escapes & < > " \' in every text, and keeps paragraphs and line breaks', () => {
    const c = edited((x) => {
      x.horizon.text.en = 'One & <two>\n"three" \'four\'\n\nA new paragraph.';
      x.principles[0]!.title.text.en = '<script>alert(1)</script>';
    });
    const html = covenantHtmlFragment(c, 'en');
    expect(html).toContain('<div lang="en" dir="ltr"><p>One &amp; &lt;two&gt;<br>&quot;three&quot; &#39;four&#39;</p><p>A new paragraph.</p></div>');
    expect(html).toContain('<span lang="en" dir="ltr">&lt;script&gt;alert(1)&lt;/script&gt;</span>');
  });

  it('never emits a tag or attribute from user text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).filter((s) => !/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(s)), (s) => {
        const html = covenantHtmlFragment(
          edited((x) => {
            x.horizon.text.en = s;
            x.principles[0]!.title.text.en = s.replace(/[\n\t]/g, ' ');
            x.indicators[0]!.name.text.en = s.replace(/[\n\t]/g, ' ');
          }),
          'en',
        );
        const tags = [...html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)];
        for (const [, name, attrs] of tags) {
          expect(OUR_TAGS.has(name!)).toBe(true);
          expect(attrs).toMatch(/^(?:\s+(?:class|lang|dir)="[a-z0-9 -]*")*$/i);
        }
        const stripped = html.replace(/<\/?[a-zA-Z0-9]+(?:\s+[a-z]+="[^"<>]*")*>/g, '');
        expect(stripped).not.toMatch(/[<>"]/);
      }),
      { numRuns: 100 },
    );
  });
});

describe('direction', () => {
  it.each([
    ['ar', 'rtl'],
    ['ar-EG', 'rtl'],
    ['he', 'rtl'],
    ['fa', 'rtl'],
    ['az-Arab', 'rtl'],
    ['en', 'ltr'],
    ['pt-BR', 'ltr'],
    ['ku-Latn', 'ltr'],
  ])('%s is %s', (lang, dir) => {
    expect(direction(lang)).toBe(dir);
  });
});
