"""Every page renders from the store; untrusted text comes out escaped."""

from __future__ import annotations

import pytest

PAGES = ["/", "/documents", "/documents/kasachstan", "/documents/hostile", "/entities",
         "/quotes", "/events", "/timeline", "/graph", "/search?q=Kasachstan",
         "/api/docs"]  # fmt: skip


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_pages_render(client, path, lang):
    answer = client.get(path, params={"lang": lang})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in answer.text


def test_pages_reference_article_has_its_layers_highlighted(client):
    html = client.get("/documents/kasachstan").text
    for marker in ['class="s" id="s0"', "ent ent-PER", 'class="time time-DATE"', "qty qty-",
                   "quote quote-direct", 'class="cue"', "2024-11-27"]:  # fmt: skip
        assert marker in html, marker
    assert 'href="/entities/K' in html


def test_pages_hostile_article_is_escaped(client):
    html = client.get("/documents/hostile").text
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pages_security_headers(client):
    headers = client.get("/").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"


def test_pages_unknown_document_is_a_404_page(client):
    answer = client.get("/documents/does-not-exist")
    assert answer.status_code == 404 and "<html" in answer.text


def test_pages_locales_have_the_same_keys():
    from lagebild.web.i18n import messages

    assert messages("de").keys() == messages("en").keys()


def test_pages_timeline_links_each_entry_to_its_sentence(client):
    items = client.get("/api/timeline").json()["items"]
    html = client.get("/timeline").text
    for item in items:
        anchor = f'href="/documents/{item["document"]}#s{item["sentence_index"]}"'
        assert anchor in html, anchor
    first = items[0]
    page = client.get(f"/documents/{first['document']}").text
    assert f'id="s{first["sentence_index"]}"' in page


def test_pages_search_marks_hits_and_escapes_the_text(client):
    html = client.get("/search", params={"q": "Stadtverwaltung"}).text
    assert '<mark class="hit">Stadtverwaltung</mark>' in html
    assert "<script>alert" not in html and "<img src=x" not in html


def test_pages_snippet_markup_comes_from_offsets_only():
    from lagebild.web.rendering import snippet

    text = 'a [b] <script>x</script> "><img src=x> c'
    html = str(snippet(text, [[0, 1], [39, 40], [50, 60], [2, 3]]))
    assert html.startswith('<mark class="hit">a</mark> [b] &lt;script&gt;')
    assert html.count("<mark") == 2 and "<img" not in html and "<script" not in html


def test_pages_overview_links_to_the_newest_first_listings(client):
    html = client.get("/", params={"from": "2024-11-01"}).text
    assert 'href="/documents?order=newest&amp;from=2024-11-01"' in html
    assert 'href="/quotes?order=newest&amp;from=2024-11-01"' in html
    listing = client.get("/quotes", params={"order": "newest", "limit": 1}).text
    assert 'rel="next"' in listing and "order=newest" in listing
