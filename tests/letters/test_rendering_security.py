"""Issue 17.1: a letter never embeds a server file or reaches the network.

Three layers, each tested on its own: the administrator's template keeps only the letter
allow-list when it is saved; every letter body is cleaned again when a letter is made; and the
PDF renderer fetches only through `zicht.core.outbound`, which serves the letter's bundled
stylesheet and `data:` URLs and refuses the rest. The hostile HTML below goes straight to the
renderer too, as a letter kept from before the allow-list would."""

import builtins
import io
import logging
import os
import re
import socket
import threading
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.conftest import verified_client
from tests.informing.helpers import register
from zicht.core import outbound
from zicht.letters import services
from zicht.letters.models import Letter, LetterTemplate
from zicht.letters.pdf import ASSETS, render_pdf
from zicht.letters.sanitising import sanitise_body, sanitise_template

pytestmark = pytest.mark.django_db

SECRET = "GEHEIM-7Q4X-UIT-HET-SERVERBESTAND"
STYLE_LEAK = "TEKST-UIT-EEN-VREEMD-STIJLBLAD"


class Listener:
    """A real TCP socket on 127.0.0.1 that counts every connection made to it."""

    def __init__(self) -> None:
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.server.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def server_files(tmp_path):
    """Stand-ins for /etc/passwd and var/secret_key that we can recognise in a PDF."""
    secret = tmp_path / "secret_key"
    secret.write_text(SECRET)
    stylesheet = tmp_path / "hostname.css"
    stylesheet.write_text(f'body::after {{ content: "{STYLE_LEAK}"; }}')
    return {"secret": secret.as_uri(), "stylesheet": stylesheet.as_uri(), "dir": tmp_path}


def tricks(port: int, files: dict) -> str:
    """Every trick of issue 17 and the bypasses a reviewer tries next."""
    secret, stylesheet = files["secret"], files["stylesheet"]
    return f"""
<link rel="attachment" href="file:///etc/passwd">
<link rel="attachment" href="file:///proc/self/cwd/var/secret_key">
<link rel="attachment" href="{secret}">
<link rel="stylesheet" href="file:///etc/hostname">
<link rel="stylesheet" href="{stylesheet}">
<link rel="stylesheet" href="FILE:{stylesheet.removeprefix("file:")}">
<img src="http://127.0.0.1:{port}/probe.png" alt="x">
<img src="//127.0.0.1:{port}/scheme-relative.png" alt="x">
<img src="../../etc/passwd" alt="x">
<a rel="attachment" href="{secret}">bijlage</a>
<a rel="attachment" href="data:text/plain,{SECRET}">bijlage uit data</a>
<p style="background: url(http://127.0.0.1:{port}/style-attribute.png)">stijlattribuut</p>
<style>
@import url("{stylesheet}");
@import url(http://127.0.0.1:{port}/import.css);
body {{ background: url(http://127.0.0.1:{port}/style-block.png); }}
@font-face {{ font-family: lek; src: url({secret}); }}
</style>
<object data="{secret}">object</object>
<embed src="http://127.0.0.1:{port}/embed.pdf">
<iframe src="{secret}"></iframe>
<svg xmlns="http://www.w3.org/2000/svg"><image href="http://127.0.0.1:{port}/svg.png"/></svg>
<base href="file:///etc/"><img src="passwd" alt="x">
<p>Gewone tekst blijft staan.</p>
"""


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(BytesIO(data))


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf_reader(data).pages))


def assert_clean(data: bytes) -> None:
    reader = pdf_reader(data)
    assert reader.attachments == {}
    assert all(
        "/Annots" not in page
        or all(
            annotation.get_object().get("/Subtype") != "/FileAttachment"
            for annotation in page["/Annots"]
        )
        for page in reader.pages
    )
    assert b"/EmbeddedFile" not in data
    text = pdf_text(data)
    assert SECRET not in text and STYLE_LEAK not in text
    assert "root:x:0:0" not in text


@pytest.fixture
def case(worker):
    return register(worker).case


def _queue(worker, case):
    return services.letter_queue(
        user=worker,
        case=case,
        template_code="reporter_contact_confirmation",
        recipient_name="Fenna Zwaluwstaart",
        recipient_address="Basisschool De Wilg",
        recipient_kind="reporter",
        context={"reporter_name": "Fenna Zwaluwstaart", "agreements": "Terugbellen."},
    )


def test_hostile_letter_html_gives_a_pdf_without_files_attachments_or_requests(
    worker, case, listener, server_files, caplog
):
    """R-PRIV-3 / issue 17.1: the renderer itself, fed a hostile document (as a letter kept
    from before the allow-list would be), reads no server file and sends no request."""
    letter = _queue(worker, case)
    hostile = letter.html.replace(
        "</head>", tricks(listener.port, server_files) + "</head>"
    ).replace("<!-- brief:end -->", tricks(listener.port, server_files) + "<!-- brief:end -->")
    Letter.objects.filter(pk=letter.pk).update(html=hostile)

    with caplog.at_level(logging.WARNING, logger="zicht.outbound"):
        letter = services.letter_render_pdf(letter_id=letter.pk)

    with letter.pdf.open("rb") as handle:
        data = handle.read()
    assert_clean(data)
    assert "Gewone tekst blijft staan." in pdf_text(data)
    assert "Wat wij hebben afgesproken" in pdf_text(data)  # the letter itself is all there
    assert listener.connections == 0
    refusals = [r.getMessage() for r in caplog.records if r.name == "zicht.outbound"]
    assert any("scheme=file" in message for message in refusals)
    assert any("scheme=http host=127.0.0.1" in message for message in refusals)
    # The log names no path or query: they may carry personal data.
    assert not any("passwd" in m or "secret" in m or "probe" in m for m in refusals)


def test_the_letters_bundled_stylesheet_is_the_only_file_it_reads(
    worker, case, listener, server_files, monkeypatch
):
    """Issue 17, class "Outbound requests": while a hostile letter renders, nothing opens a
    socket, and the only files opened from Python are the letter's bundled assets."""
    letter = _queue(worker, case)
    hostile = letter.html.replace("<!-- brief:end -->", tricks(listener.port, server_files))
    opened: list[str] = []
    connects: list[object] = []

    def recording(original):
        def wrapper(path, *args, **kwargs):
            opened.append(os.fsdecode(path) if not isinstance(path, int) else f"fd:{path}")
            return original(path, *args, **kwargs)

        return wrapper

    def refuse_connect(*args, **kwargs):
        connects.append(args)
        raise OSError("no sockets while rendering a letter")

    monkeypatch.setattr(builtins, "open", recording(builtins.open))
    monkeypatch.setattr(io, "open", recording(io.open))
    monkeypatch.setattr(os, "open", recording(os.open))
    monkeypatch.setattr(socket.socket, "connect", refuse_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse_connect)
    monkeypatch.setattr(socket, "create_connection", refuse_connect)

    data = render_pdf(hostile)
    monkeypatch.undo()

    assert_clean(data)
    assert connects == []
    assert listener.connections == 0
    assets = {str(path) for path in ASSETS.paths.values()}
    assert opened, "the bundled stylesheet is read"
    assert set(opened) <= assets


def test_the_issues_route_reporter_contact_api_and_pdf_download(
    worker, listener, server_files, django_capture_on_commit_callbacks
):
    """Issue 17.1 as found: the administrator appends the tricks to the template (here straight
    into the database, past the admin), a worker records a reporter contact with a letter over
    the API and downloads the PDF: no file in it, no request made."""
    report = register(worker)
    template = LetterTemplate.objects.get(code="reporter_contact_confirmation")
    template.body += tricks(listener.port, server_files)
    LetterTemplate.objects.filter(pk=template.pk).update(body=template.body)
    client = verified_client(worker)
    report.case.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):  # the PDF task runs after commit
        answer = client.post(
            f"/api/v1/cases/{report.case.number}/reporter-contacts",
            {
                "report": report.pk,
                "version": report.case.version,
                "contacted_at": report.received_at.isoformat(),
                "method": "phone",
                "safety_judgement": "Zorgen.",
                "information_shared": "VT spreekt de ouders.",
                "reporter_options": "Blijf volgen.",
                "agreements": "Terugbellen.",
                "send_letter": True,
            },
            content_type="application/json",
        )
    assert answer.status_code == 201, answer.content
    letter_id = answer.json()["reports"][0]["reporter_contact"]["letter_id"]
    letter = Letter.objects.get(pk=letter_id)
    for trace in ("file:", "attachment", "<link", "<img", "<style", "<object", "<svg", "127.0.0.1"):
        assert trace not in letter.html.split("<!-- brief:begin -->")[1]

    pdf = client.get(f"/brieven/{letter_id}/pdf")

    assert pdf.status_code == 200
    assert_clean(b"".join(pdf.streaming_content))
    assert listener.connections == 0


# --- the template allow-list ----------------------------------------------------------------------

BYPASSES = {
    "attachment link": '<link rel="attachment" href="file:///etc/passwd">',
    "attachment anchor": '<a rel="attachment" href="https://x.test/a.pdf">a</a>',
    "stylesheet from a file": '<link rel="stylesheet" href="file:///etc/hostname">',
    "image over http": '<img src="http://127.0.0.1:8000/probe.png">',
    "uppercase FILE": '<a href="FILE:///etc/passwd">a</a>',
    "scheme-relative": '<a href="//host/x">a</a>',
    "relative path": '<a href="../../etc/passwd">a</a>',
    "url() in style attribute": '<p style="background:url(file:///etc/passwd)">a</p>',
    "style block with @import": "<style>@import url(file:///etc/passwd);</style>",
    "style block with url()": "<style>p{background:url(http://127.0.0.1/x)}</style>",
    "object": '<object data="file:///etc/passwd"></object>',
    "embed": '<embed src="file:///etc/passwd">',
    "iframe": '<iframe src="file:///etc/passwd"></iframe>',
    "svg image": '<svg><image href="file:///etc/passwd"/></svg>',
    "base": '<base href="file:///etc/">',
    "script": "<script>alert(1)</script>",
    "event handler": '<p onclick="alert(1)">a</p>',
    "javascript link": '<a href="javascript:alert(1)">a</a>',
}
FORBIDDEN = re.compile(
    r"file:|<link|<img|<style|<object|<embed|<iframe|<svg|<image|<base|<script|rel=|style=|"
    r"onclick|javascript|@import|url\(|//host|\.\./",
    re.IGNORECASE,
)


@pytest.mark.parametrize("trick", BYPASSES.values(), ids=BYPASSES.keys())
def test_template_allow_list_removes_each_trick(trick):
    text = f"<p>Beste {{{{ naam }}}},</p>{trick}<p>{{% if a < b %}}groet{{% endif %}}</p>"

    cleaned = sanitise_template(text)

    assert not FORBIDDEN.search(cleaned), cleaned
    assert "<p>Beste {{ naam }},</p>" in cleaned
    assert "{% if a < b %}groet{% endif %}" in cleaned  # the template tags survive untouched
    assert not FORBIDDEN.search(sanitise_body(text.replace("{{ naam }}", "Jan")))


def test_every_stored_template_passes_the_allow_list_unchanged():
    """The templates the migrations install are what a letter may contain already."""
    templates = list(LetterTemplate.objects.all())
    assert len(templates) >= 10
    for template in templates:
        assert sanitise_template(template.body) == template.body, template.code


def test_admin_stores_only_the_allow_list_and_says_so(admin_client, listener):
    template = LetterTemplate.objects.get(code="reporter_contact_confirmation")
    url = f"/beheer/letters/lettertemplate/{template.pk}/change/"
    hostile = template.body + "".join(BYPASSES.values())

    answer = admin_client.post(
        url,
        {"name": template.name, "subject": template.subject, "body": hostile, "active": "on"},
        follow=True,
    )

    assert answer.status_code == 200
    template.refresh_from_db()
    assert not FORBIDDEN.search(template.body)
    assert template.body.startswith("<p>Beste {{ reporter_name }},</p>")
    assert "weggehaald wat een brief niet mag bevatten" in answer.content.decode()


def test_admin_preview_is_a_sandboxed_frame_never_the_html_in_the_page(admin_client):
    """Issue 17.1: the administrator's HTML is never part of a staff page."""
    template = LetterTemplate.objects.get(code="household_informed")
    # A template stored past the admin's cleaning, as an old database might hold.
    LetterTemplate.objects.filter(pk=template.pk).update(
        body=template.body + '<script>alert("x")</script><img src=x onerror="alert(1)">'
    )

    page = admin_client.get(f"/beheer/letters/lettertemplate/{template.pk}/change/")

    # The text box shows the stored text, escaped, to edit; the rest of the page never has it.
    html = re.sub(r"<textarea.*?</textarea>", "", page.content.decode(), flags=re.DOTALL)
    frame = re.search(r'<iframe class="letter-frame" sandbox="" [^>]*srcdoc="([^"]*)"', html)
    assert frame, "the preview is a sandboxed frame"
    assert "<script>alert" not in html and "onerror" not in html
    assert "&lt;p&gt;Beste «recipient_name»," in frame.group(1)
    assert "script" not in frame.group(1)


def test_letter_page_shows_a_kept_hostile_letter_only_cleaned_in_a_sandbox(worker, case):
    letter = _queue(worker, case)
    Letter.objects.filter(pk=letter.pk).update(
        html=letter.html.replace(
            "<!-- brief:end -->", '<script>alert(1)</script><img src="x"><!-- brief:end -->'
        )
    )

    html = verified_client(worker).get(f"/brieven/{letter.pk}").content.decode()

    assert "<script>alert(1)" not in html and "&lt;script" not in html
    assert 'sandbox=""' in html and "srcdoc=" in html
    assert "Wat wij hebben afgesproken" in html


# --- the outbound module ----------------------------------------------------------------------------


def test_outbound_serves_data_urls_and_the_callers_bundle_only(tmp_path):
    assert outbound.fetch("data:text/plain,hallo%20daar", purpose="t").content == b"hallo daar"
    assert outbound.fetch("data:text/css;base64,cHt9", purpose="t").mime_type == "text/css"
    css = outbound.fetch("zicht-asset:letters/letter.css", purpose="t", bundle=ASSETS)
    assert b"@page" in css.content and css.mime_type == "text/css"
    refused = [
        ("zicht-asset:letters/letter.css", None),  # no bundle given
        ("zicht-asset:letters/../settings.py", ASSETS),
        ("zicht-asset:other/letter.css", ASSETS),
        ("file:///etc/passwd", ASSETS),
        ("FILE:///etc/passwd", ASSETS),
        ("//127.0.0.1/x", ASSETS),
        ("../../etc/passwd", ASSETS),
        ("http://127.0.0.1:9/x", ASSETS),
        ("https://example.org/x", ASSETS),
        ("ftp://example.org/x", ASSETS),
    ]
    for url, bundle in refused:
        with pytest.raises(outbound.OutboundRefused):
            outbound.fetch(url, purpose="t", bundle=bundle)


def test_outbound_reaches_a_listed_origin_and_no_other(settings):
    """The register client and webhooks will reach their hosts only when listed."""
    from http.server import BaseHTTPRequestHandler, HTTPServer

    class Answer(BaseHTTPRequestHandler):
        def do_GET(self):  # the standard library names it so
            if self.path == "/elders":
                self.send_response(302)
                self.send_header("Location", "http://127.0.0.1:9/")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"ok": true}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_port}"
    try:
        with pytest.raises(outbound.OutboundRefused):
            outbound.fetch(f"{origin}/x", purpose="register")
        settings.OUTBOUND_ALLOWED_ORIGINS = [origin]
        fetched = outbound.fetch(f"{origin}/x", purpose="register")
        assert fetched.content == b'{"ok": true}'
        assert fetched.mime_type == "application/json"
        with pytest.raises(Exception, match="302"):  # a redirect is not followed
            outbound.fetch(f"{origin}/elders", purpose="register")
    finally:
        server.shutdown()
        server.server_close()
