#!/usr/bin/env python3
"""Mechanical check of bench/terms-real/labels.yaml (the labels beside this script).

For every entry: read the labelled text from the fetched mirror with `git show
<commit>:<path>` (PDFs: the blob is piped through `pdftotext -layout`), collapse
whitespace, and require every `quote`/`quotes` string to be a substring of it.
Also checks required fields, enum values, the 25-word quote limit and that the
text is not (nearly) identical to a text in /work/shared/corpus/licenses.
Reads only; writes nothing but its report on stdout.
"""
import collections, difflib, os, re, subprocess, sys, tempfile
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
# A labels file given as the argument is checked instead (a batch being written).
LABELS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, 'labels.yaml')
MIRROR = os.environ.get('AIBOM_MIRROR', '/work/.mirror')
CORPUS = os.path.join(HERE, '..', '..', '..', 'shared', 'corpus', 'licenses')

FIELDS = ['commercial_use', 'user_threshold', 'revenue_threshold', 'research_only',
          'attribution', 'output_restriction', 'use_restrictions', 'redistribution',
          'geographic', 'copyleft_or_sharealike', 'governing_law', 'registration_required']
POLICY_FIELDS = ['use_restrictions', 'geographic', 'registration_required']
KINDS = {'model_license', 'use_policy', 'research_license', 'permissive'}
LANGS = {'en', 'zh', 'zh+en'}
FORMATS = {'text', 'markdown', 'pdf', 'html'}
COMMERCIAL = {'allowed', 'conditional', 'prohibited', 'unknown', 'any'}
CJK = re.compile(r'[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]')


def collapse(s):
    return re.sub(r'\s+', ' ', s).strip()


def words(q):
    """Whitespace tokens, with runs of CJK counted at two characters a word."""
    cjk = len(CJK.findall(q))
    rest = CJK.sub(' ', q)
    return len(rest.split()) + (cjk + 1) // 2


def text_of(src, fmt):
    owner, name = src['repo'].split('/', 1)
    gitdir = os.path.join(MIRROR, f'{owner}+{name}', 'repo')
    blob = subprocess.run(['git', f'--git-dir={gitdir}', 'show', f"{src['commit']}:{src['path']}"],
                          capture_output=True, check=True).stdout
    if fmt == 'pdf':
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, 'in.pdf')
            open(p, 'wb').write(blob)
            subprocess.run(['pdftotext', '-layout', p, os.path.join(d, 'out.txt')], check=True)
            return open(os.path.join(d, 'out.txt'), encoding='utf-8').read()
    return blob.decode('utf-8')


def quotes_in(node, path=''):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == 'quote' and isinstance(v, str):
                yield f'{path}.{k}', v
            elif k == 'quotes' and isinstance(v, list):
                for i, q in enumerate(v):
                    yield f'{path}.{k}[{i}]', q
            else:
                yield from quotes_in(v, f'{path}.{k}')
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from quotes_in(v, f'{path}[{i}]')


def sentences(t):
    return [s for s in re.split(r'(?<=[.。;；])\s*', collapse(t)) if s]


def main():
    doc = yaml.safe_load(open(LABELS, encoding='utf-8'))
    assert doc['schema_version'] == 1
    corpus = {f: sentences(open(os.path.join(CORPUS, f), encoding='utf-8').read())
              for f in sorted(os.listdir(CORPUS))}
    errors, nquotes = [], 0
    seen = set()
    count = collections.Counter()
    texts = {}
    for e in doc['licenses']:
        lid = e['id']
        def err(msg):
            errors.append(f'{lid}: {msg}')
        if lid in seen:
            err('duplicate id')
        seen.add(lid)
        for k in ('name', 'kind', 'language', 'format', 'source', 'terms', 'notes'):
            if k not in e:
                err(f'missing {k}')
        if e['kind'] not in KINDS: err(f"bad kind {e['kind']}")
        if e['language'] not in LANGS: err(f"bad language {e['language']}")
        if e['format'] not in FORMATS: err(f"bad format {e['format']}")
        src = e['source']
        if not re.fullmatch(r'[0-9a-f]{40}', src.get('commit', '')): err('bad commit')
        if src.get('provenance') not in ('official', 'third-party-mirror'): err('bad provenance')
        if e['format'] == 'pdf' and 'pdftotext' not in e.get('quote_source', ''):
            err('pdf without quote_source: pdftotext')
        try:
            raw = text_of(src, e['format'])
        except Exception as x:  # noqa: BLE001 - report and go on
            err(f'cannot read text: {x}')
            continue
        norm = collapse(raw)
        texts[lid] = raw
        terms = e['terms']
        need = POLICY_FIELDS if e['kind'] == 'use_policy' else FIELDS
        for f in need:
            if f not in terms:
                err(f'terms.{f} missing')
        extra = set(terms) - set(FIELDS) - {'other_duties'}
        if extra: err(f'unknown terms fields {sorted(extra)}')
        cu = terms.get('commercial_use')
        if cu is not None:
            if cu.get('value') not in COMMERCIAL: err(f"bad commercial_use {cu.get('value')}")
            if cu.get('value') in ('allowed', 'conditional', 'prohibited') and not (cu.get('quote') or cu.get('quotes')):
                err('commercial_use without quote')
        for f in ('research_only', 'registration_required'):
            if f not in terms:
                continue
            v = terms[f].get('value')
            if v not in (True, False, 'any'): err(f'{f}.value not boolean: {v!r}')
            if v is True and not (terms[f].get('quote') or terms[f].get('quotes')): err(f'{f} true without quote')
        up = terms.get('use_restrictions', {}).get('present')
        if up not in (True, False, 'any'): err('use_restrictions.present not boolean')
        if up is True and not (terms['use_restrictions'].get('quote') or terms['use_restrictions'].get('quotes')):
            err('use_restrictions present without quote')
        ut = terms.get('user_threshold')
        if ut and ut.get('value') is not None:
            if not isinstance(ut['value'], int) or not ut.get('unit'): err('user_threshold needs int value + unit')
        rt = terms.get('revenue_threshold')
        if rt and rt.get('value') is not None:
            if not isinstance(rt['value'], int) or rt.get('currency') not in ('USD', 'CNY', 'EUR') or rt.get('period') not in ('annual', 'monthly'):
                err('revenue_threshold needs int value, ISO currency, period')
        for where, q in quotes_in(terms, 'terms'):
            nquotes += 1
            if not isinstance(q, str) or not q.strip():
                err(f'{where}: empty quote'); continue
            if words(q) > 25: err(f'{where}: {words(q)} words > 25: {q[:60]}')
            if collapse(q) not in norm: err(f'{where}: NOT FOUND: {q}')
        # not identical to / a re-wrap of a corpus text
        mine = sentences(raw)
        best = max(((difflib.SequenceMatcher(None, mine, c, autojunk=False).ratio(), f) for f, c in corpus.items()))
        e['_corpus_sim'] = best
        if best[0] > 0.7:
            why = (e.get('corpus_nearest') or {})
            if why.get('file') != best[1] or not why.get('why_distinct'):
                err(f'too close to corpus {best[1]} ({best[0]:.2f}) and no corpus_nearest.why_distinct')
        count['kind:' + e['kind']] += 1
        count['language:' + e['language']] += 1
        count['format:' + e['format']] += 1
        if cu is not None: count['commercial_use:' + str(cu.get('value'))] += 1
    ids = [e['id'] for e in doc['licenses']]
    for e in doc['licenses']:
        for r in e.get('related', []) or []:
            if r not in ids: errors.append(f"{e['id']}: related id {r} not labelled here")
    # pairwise near-duplicates inside this set
    dup = []
    keys = sorted(texts)
    sents = {k: sentences(texts[k]) for k in keys}
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            r = difflib.SequenceMatcher(None, sents[a], sents[b], autojunk=False).ratio()
            if r > 0.6: dup.append((round(r, 2), a, b))
    print(f'entries: {len(ids)}  quotes checked: {nquotes}')
    for k in sorted(count): print(f'  {k}: {count[k]}')
    print('closest corpus text per entry (sentence-sequence ratio):')
    for e in doc['licenses']:
        if '_corpus_sim' in e: print(f"  {e['id']}: {e['_corpus_sim'][1]} {e['_corpus_sim'][0]:.2f}")
    print('pairs inside this set with ratio > 0.6:', dup or 'none')
    if errors:
        print(f'{len(errors)} ERRORS'); [print('  ' + x) for x in errors]; sys.exit(1)
    print('OK: YAML parses, every quote found, fields complete')


if __name__ == '__main__':
    main()
