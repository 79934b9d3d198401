"""Synthetic scans of OMR sheets for `handbook grade`'s tests: a sheet rendered from its PDF,
bubbles shaded at the template's positions as candidates shade them (pen and pencil, full,
partial, a little outside), then what a scanner or a phone does to it: rotation, perspective,
noise, uneven light, JPEG."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import cv2
import numpy as np
import pypdfium2 as pdfium


def render(pdf_path, dpi: int, page_index: int = 0):
    page = pdfium.PdfDocument(str(pdf_path))[page_index]
    return np.array(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))


@dataclass
class Candidate:
    roll: str
    answers: dict[int, str]  # "" blank, "ab" two shaded
    smudge: tuple[int, str] | None = None  # one answer bubble half shaded
    marks: list = field(default_factory=list)  # (x, y, r) in points of every shaded bubble


def shade(image, template: dict, candidate: Candidate, dpi: int, rng: random.Random, page_index: int = 0):
    """Shade the candidate's bubbles on `image` (page `page_index` of the sheet rendered at `dpi`)."""
    scale = dpi / 72
    page = template["pages"][page_index]
    wanted = {("roll", str(place), d) for place, d in enumerate(candidate.roll)}
    for number, letters in candidate.answers.items():
        wanted |= {("answer", str(number), letter) for letter in letters}
    for bubble in page["bubbles"]:
        field_key = bubble["digit"] if bubble["field"] == "roll" else bubble["question"]
        if (bubble["field"], str(field_key), bubble["value"]) not in wanted:
            continue
        cx, cy, r = bubble["x"] * scale, bubble["y"] * scale, bubble["r"] * scale
        level = rng.randint(25, 105)  # pen to soft pencil
        style = rng.random()
        if style < 0.6:  # a full shading, a little larger or smaller than the circle
            axes = (r * rng.uniform(0.85, 1.15), r * rng.uniform(0.85, 1.15))
            cv2.ellipse(
                image,
                (round(cx), round(cy)),
                (round(axes[0]), round(axes[1])),
                rng.uniform(0, 180),
                0,
                360,
                level,
                -1,
            )
        elif style < 0.85:  # partial: most of the circle (not its rim), off-centre
            dx, dy = rng.uniform(-0.15, 0.15) * r, rng.uniform(-0.15, 0.15) * r
            cv2.ellipse(
                image,
                (round(cx + dx), round(cy + dy)),
                (round(r * 0.85), round(r * 0.75)),
                rng.uniform(0, 180),
                0,
                360,
                level,
                -1,
            )
        else:  # pencil strokes across the circle
            for k in range(7):
                y = cy - r * 0.85 + k * r * 0.28
                cv2.line(
                    image,
                    (round(cx - r * 0.9), round(y)),
                    (round(cx + r * 0.9), round(y + rng.uniform(-2, 2))),
                    level,
                    max(2, round(r * 0.32)),
                )
    if candidate.smudge:
        number, letter = candidate.smudge
        for bubble in page["bubbles"]:
            if bubble["field"] == "answer" and bubble["question"] == number and bubble["value"] == letter:
                cx, cy, r = bubble["x"] * scale, bubble["y"] * scale, bubble["r"] * scale
                # half the circle shaded (one of the sheet's "wrong ways"): neither shaded nor clear
                cv2.ellipse(
                    image, (round(cx), round(cy)), (round(r * 0.95), round(r * 0.95)), 0, 90, 270, 60, -1
                )
    return image


def photograph(image, rng: random.Random, angle: float, perspective: float, noise: float, quality: int):
    """Rotate by `angle` degrees, pull the corners by up to `perspective` of the size, lay the
    page on a grey desk, add noise and uneven light, compress as JPEG: the grey image back."""
    h, w = image.shape
    pad = int(0.06 * max(w, h))
    desk = np.full((h + 2 * pad, w + 2 * pad), rng.randint(150, 200), np.uint8)
    desk[pad : pad + h, pad : pad + w] = image
    H, W = desk.shape
    corners = np.float32([[pad, pad], [pad + w, pad], [pad, pad + h], [pad + w, pad + h]])
    moved = corners + np.float32(
        [[rng.uniform(-1, 1) * perspective * w, rng.uniform(-1, 1) * perspective * h] for _ in range(4)]
    )
    matrix = cv2.getPerspectiveTransform(corners, moved)
    rotation = np.vstack([cv2.getRotationMatrix2D((W / 2, H / 2), angle, 1.0), [0, 0, 1]])
    warped = cv2.warpPerspective(desk, rotation @ matrix, (W, H), borderValue=int(desk[0, 0]))
    grain = np.empty(warped.shape, np.int16)
    cv2.setRNGSeed(rng.randint(0, 2**31))
    cv2.randn(grain, 0, noise)
    light = np.linspace(rng.uniform(-25, 0), rng.uniform(0, 15), W).astype(np.int16)[None, :]
    noisy = np.clip(warped.astype(np.int16) + grain + light, 0, 255).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", noisy, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return jpeg.tobytes()


def random_candidate(template: dict, key_series: dict, rng: random.Random) -> Candidate:
    roll = "".join(str(rng.randint(0, 9)) for _ in range(template["roll_digits"]))
    answers = {}
    for number_text, count in template["options"].items():
        number = int(number_text)
        choice = rng.random()
        if choice < 0.1:
            answers[number] = ""
        elif choice < 0.15:
            answers[number] = "".join(rng.sample("abcdef"[:count], 2))
        else:
            answers[number] = rng.choice("abcdef"[:count])
    return Candidate(roll, answers)


def expected(candidate: Candidate, key: dict, marks: dict) -> tuple[int, int, int, float]:
    right = wrong = blank = 0
    for number, letters in candidate.answers.items():
        if not letters:
            blank += 1
        elif len(letters) == 1 and letters == key[str(number)]:
            right += 1
        else:
            wrong += 1
    return right, wrong, blank, right * marks["correct"] + wrong * marks["wrong"] + blank * marks["blank"]
