"""Images: the upload pipeline through the API, hostile files, attaching, serving, cleanup, the blocklist."""

from __future__ import annotations

import dataclasses
import io

import pytest
from PIL import Image

from bench.whisper import twelve_megapixel_jpeg
from secret_graph.images import pipeline
from secret_graph.images import services as images
from tests import imagefiles

HOUR = 3_600_000


def upload(api, user, data: bytes, filename: str = "photo.jpg"):
    return api.post("/v1/images", user, data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")


def stored(api, url: str) -> bytes:
    answer = api.get(url)
    assert answer.status_code == 200, answer.status_code
    return answer.data


def test_upload_returns_the_image_and_serves_it_with_long_cache_and_nosniff(api):
    user = api.new_user()
    answer = upload(api, user, imagefiles.jpeg(640, 480))
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert set(body) == {"id", "url", "width", "height", "blurhash"}
    assert (body["width"], body["height"]) == (640, 480)
    assert body["url"].startswith("/v1/media/") and body["id"] not in body["url"]
    served = api.get(body["url"])  # no token: <img> tags load it
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in served.headers["Cache-Control"] and "immutable" in served.headers["Cache-Control"]
    assert Image.open(io.BytesIO(served.data)).size == (640, 480)


def test_no_metadata_of_the_original_survives_byte_for_byte(api, ctx):
    """A phone photo with GPS, camera serial, comments, XMP, ICC and trailing bytes: the stored file has none."""
    original = imagefiles.metadata_photo()
    assert all(marker in original for marker in imagefiles.MARKERS)  # the test photo does carry them
    user = api.new_user()
    body = upload(api, user, original, "IMG_0001.JPG").get_json()
    data = stored(api, body["url"])
    for marker in imagefiles.MARKERS:
        assert marker not in data, marker
    for segment in (b"Exif", b"http://ns.adobe.com/xap", b"adobe:ns:meta", b"ICC_PROFILE", b"PhoneMaker", b"GPS"):
        assert segment not in data, segment
    reopened = Image.open(io.BytesIO(data))
    assert not reopened.getexif() and not reopened.getexif().get_ifd(imagefiles.GPS_IFD)
    assert not {"exif", "icc_profile", "comment", "xmp", "XML:com.adobe.xmp"} & set(reopened.info)
    assert data.endswith(b"\xff\xd9")  # nothing after the end of the image
    assert (body["width"], body["height"]) == (600, 800)  # the EXIF orientation was applied, then dropped
    # Nothing of it in the database either.
    rows = ctx.db.driver.execute_query("MATCH (i:Image) RETURN i").records
    assert len(rows) == 1 and set(rows[0]["i"].keys()) == {
        "id",
        "key",
        "width",
        "height",
        "blurhash",
        "phash",
        "created_at",
    }


def _files(ctx) -> int:
    return sum(path.is_file() for path in (ctx.settings.var_dir / "media").rglob("*"))


@pytest.mark.parametrize(
    ("make", "filename", "status", "words"),
    [
        (imagefiles.bomb, "bomb.png", 422, "million pixels"),
        (lambda: imagefiles.jpeg()[:9000], "cut.jpg", 422, "truncated"),
        (imagefiles.html_polyglot, "poly.jpg", 415, "HTML"),
        (imagefiles.html_in_comment, "poly.jpg", 415, "HTML"),
        (imagefiles.zip_polyglot, "poly.jpg", 415, "ZIP"),
        (imagefiles.png, "photo.jpg", 415, "named .jpg"),
        (imagefiles.animated_png, "anim.png", 415, "animated"),
        (imagefiles.animated_webp, "anim.webp", 415, "animated"),
        (lambda: b"GIF89a" + imagefiles.jpeg(), "x.gif", 415, "JPEG, PNG, WebP or HEIC"),
        (lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.svg", 415, "JPEG, PNG, WebP or HEIC"),
    ],
    ids=[
        "bomb",
        "truncated",
        "html-polyglot",
        "html-in-comment",
        "zip-polyglot",
        "wrong-extension",
        "apng",
        "animated-webp",
        "gif",
        "svg",
    ],
)
def test_hostile_files_are_refused_with_a_clear_4xx(api, ctx, make, filename, status, words):
    user = api.new_user()
    before = _files(ctx)
    answer = upload(api, user, make(), filename)
    assert answer.status_code == status, answer.get_json()
    assert words in answer.get_json()["message"]
    assert ctx.db.driver.execute_query("MATCH (i:Image) RETURN count(i) AS n").records[0]["n"] == 0
    assert _files(ctx) == before


def test_too_large_and_not_multipart(api):
    user = api.new_user()
    answer = upload(api, user, imagefiles.jpeg() + b"\0" * pipeline.MAX_BYTES)
    assert answer.status_code == 413
    answer = api.post("/v1/images", user, data=imagefiles.jpeg(), content_type="image/jpeg")
    assert answer.status_code == 415
    answer = api.post("/v1/images", user, data={"other": "x"}, content_type="multipart/form-data")
    assert answer.status_code == 422


def test_heic_png_and_webp_are_accepted_and_large_ones_downscaled(api):
    user = api.new_user()
    heic = upload(api, user, imagefiles.heic(), "IMG_2.HEIC").get_json()
    assert (heic["width"], heic["height"]) == (320, 240) and heic["url"].endswith(".jpg")
    webp = upload(api, user, imagefiles.encode(imagefiles.photo(100, 80), "WEBP"), "a.webp").get_json()
    assert (webp["width"], webp["height"]) == (100, 80)
    transparent = upload(api, user, imagefiles.encode(imagefiles.photo(50, 40, mode="RGBA"), "PNG"), "t.png").get_json()
    assert transparent["url"].endswith(".png")
    big = upload(api, user, imagefiles.jpeg(4000, 3000), "big.jpg").get_json()
    assert (big["width"], big["height"]) == (1600, 1200)
    tall = upload(api, user, imagefiles.jpeg(1000, 2400), "tall.jpg").get_json()
    assert max(tall["width"], tall["height"]) == 1600


def test_media_answers_404_for_anything_but_a_stored_key(api):
    for key in ("nope.jpg", "..%2F..%2Fpepper", "x" * 30 + ".jpg", "%2Fetc%2Fpasswd"):
        assert api.get(f"/v1/media/{key}").status_code == 404


def test_an_image_is_attached_by_its_uploader_once_within_24_hours(api, clock):
    author, other = api.new_user(), api.new_user()
    image = upload(api, author, imagefiles.jpeg()).get_json()

    def post(user, image_id):
        return api.post("/v1/posts", user, json={"text": "look", "image_id": image_id})

    stolen = post(other, image["id"])
    assert stolen.status_code == 422 and stolen.get_json()["errors"]["json"]["image_id"]
    made = post(author, image["id"])
    assert made.status_code == 201
    assert made.get_json()["image"] == {k: image[k] for k in ("url", "width", "height", "blurhash")}
    assert post(author, image["id"]).status_code == 422  # once
    late = upload(api, author, imagefiles.jpeg(seed=2)).get_json()
    clock.advance(ms=24 * HOUR + 1)
    assert post(author, late["id"]).status_code == 422  # too late
    assert post(author, "no-such-image").status_code == 422
    plain = api.create_post(author, "no picture")
    assert plain["image"] is None


def test_the_post_image_shows_to_readers_without_leading_to_the_uploader(api, ctx):
    author, friend = api.new_user(), api.new_user()
    api.befriend(author, friend)
    image = upload(api, author, imagefiles.jpeg()).get_json()
    post = api.post(
        "/v1/posts", author, json={"text": "world", "image_id": image["id"], "audience": "world"}
    ).get_json()
    seen = api.get(f"/v1/posts/{post['id']}", api.new_user()).get_json()
    assert seen["image"]["url"] == image["url"]
    # Once attached, the image is reachable from the post only: no edge from the account.
    rows = ctx.db.driver.execute_query("MATCH (:Account)-[u:UPLOADED]->(:Image) RETURN count(u) AS n").records
    assert rows[0]["n"] == 0


def test_cleanup_deletes_unattached_uploads_after_24_hours(api, ctx, clock):
    user = api.new_user()
    kept = upload(api, user, imagefiles.jpeg(seed=1)).get_json()
    api.post("/v1/posts", user, json={"text": "kept", "image_id": kept["id"]})
    dropped = upload(api, user, imagefiles.jpeg(seed=2)).get_json()
    assert images.cleanup(ctx=ctx) == 0  # too soon
    clock.advance(ms=24 * HOUR + 1)
    fresh = upload(api, user, imagefiles.jpeg(seed=3)).get_json()
    assert images.cleanup(ctx=ctx) == 1
    assert api.get(dropped["url"]).status_code == 404
    assert api.get(kept["url"]).status_code == 200 and api.get(fresh["url"]).status_code == 200
    left = ctx.db.driver.execute_query("MATCH (i:Image) RETURN count(i) AS n").records[0]["n"]
    assert left == 2


def test_a_removed_posts_image_cannot_be_posted_again(api, moderator):
    author, copycat = api.new_user(), api.new_user()
    image = upload(api, author, imagefiles.jpeg(800, 600, seed=11)).get_json()
    waiting = upload(api, copycat, imagefiles.jpeg(800, 600, seed=11)).get_json()  # uploaded before the removal
    post = api.post("/v1/posts", author, json={"text": "bad", "image_id": image["id"]}).get_json()
    decided = api.post(f"/v1/moderation/posts/{post['id']}/decision", moderator, json={"action": "remove"})
    assert decided.status_code == 200
    # The same picture, re-encoded smaller: refused at upload, and at attach for one uploaded before.
    again = upload(api, copycat, imagefiles.jpeg(400, 300, seed=11))
    assert again.status_code == 422 and "removed" in again.get_json()["message"]
    attach = api.post("/v1/posts", copycat, json={"text": "again", "image_id": waiting["id"]})
    assert attach.status_code == 422
    # Another picture is fine.
    assert upload(api, copycat, imagefiles.jpeg(800, 600, seed=12)).status_code == 201


def test_the_moderation_queue_shows_a_reported_posts_picture(api, moderator):
    """A moderator judges what readers see: the picture too, served as readers get it, with nothing
    that leads to the uploader; a comment has none."""
    author, reader, flagger = api.new_user(), api.new_user(), api.new_user()
    image = upload(api, author, imagefiles.jpeg(640, 480, seed=31)).get_json()
    post = api.create_post(author, "look at this", audience="world", image_id=image["id"])
    comment = api.post(f"/v1/posts/{post['id']}/comments", reader, json={"text": "and this"}).get_json()
    for path in (f"/v1/posts/{post['id']}/flags", f"/v1/posts/{post['id']}/comments/{comment['id']}/flags"):
        assert api.post(path, flagger, json={"reason": "sexual"}).status_code == 202
    queue = api.get("/v1/moderation/queue", moderator).get_json()["items"]
    shown = {item["kind"]: item["image"] for item in queue}
    assert shown["post"] == {key: image[key] for key in ("url", "width", "height", "blurhash")}
    assert shown["comment"] is None
    assert stored(api, shown["post"]["url"]) == stored(api, image["url"])


def test_an_honest_12_megapixel_photo_is_no_polyglot():
    """Compressed pixels look random: `<a ` or `PK` turn up by chance in a 3 MB photo, and must not
    make it a polyglot (only headers, metadata segments and trailing bytes are searched)."""
    photo = twelve_megapixel_jpeg(1)  # its pixel data holds `<a\n` by chance
    assert len(photo) > 3_000_000
    processed = pipeline.process(photo, filename="IMG_0002.jpg")
    assert (processed.width, processed.height) == (1600, 1200)


def test_backgrounds_propose_pictures_of_world_posts_in_the_same_keyword_when_allowed(ctx, moderator):
    from api.app import create_app
    from tests.helpers import ApiClient

    allowed = dataclasses.replace(ctx, settings=dataclasses.replace(ctx.settings, backgrounds_from_posts=True))
    client = ApiClient(create_app(ctx=allowed).test_client())
    author, writer = client.new_user(), client.new_user()
    picture = upload(client, author, imagefiles.jpeg(seed=21)).get_json()
    shown = client.create_post(author, "Sunset over the harbour", audience="world", image_id=picture["id"])
    hidden = upload(client, author, imagefiles.jpeg(seed=22)).get_json()
    client.create_post(author, "A harbour only my circle sees", image_id=hidden["id"])

    items = client.get("/v1/backgrounds", writer, query_string={"text": "the harbour tonight"}).get_json()["items"]
    proposed = [item for item in items if item["id"].startswith("image:")]
    assert [item["image"] for item in proposed] == [picture["url"]] and "harbour" in proposed[0]["keywords"]
    post = client.create_post(writer, "the harbour tonight", audience="world", background={"id": proposed[0]["id"]})
    assert post["background"] == {"image": picture["url"]}
    assert client.get(f"/v1/posts/{post['id']}", client.new_user()).get_json()["background"] == {
        "image": picture["url"]
    }
    circle_only = "image:" + hidden["url"].rpartition("/")[2]
    refused = client.post("/v1/posts", writer, json={"text": "x", "background": {"id": circle_only}})
    assert refused.status_code == 422
    # Once the post is removed, its picture is proposed no more.
    removed = client.post(f"/v1/moderation/posts/{shown['id']}/decision", moderator, json={"action": "remove"})
    assert removed.status_code == 200
    items = client.get("/v1/backgrounds", writer, query_string={"text": "the harbour tonight"}).get_json()
    assert not [item for item in items["items"] if item["id"].startswith("image:")]


def test_backgrounds_from_posts_are_off_by_default(api):
    author = api.new_user()
    picture = upload(api, author, imagefiles.jpeg(seed=23)).get_json()
    api.create_post(author, "Sunset over the harbour", audience="world", image_id=picture["id"])
    items = api.get("/v1/backgrounds", author, query_string={"text": "harbour"}).get_json()["items"]
    assert not [item for item in items if item["id"].startswith("image:")]
    refused = api.post("/v1/posts", author, json={"text": "x", "background": {"id": "image:whatever"}})
    assert refused.status_code == 422
