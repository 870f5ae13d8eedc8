"""Write RGB frames as GIF, animated PNG (Pillow) or MP4 (imageio-ffmpeg, optional).

Every writer writes to a temporary name beside the target and renames it only
when the file is complete, so a cancelled or failed recording leaves no
half-written file under the chosen name.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image

#: format key → (label, file suffix)
FORMATS = {
    "gif": ("GIF (plays everywhere, 256 colours)", ".gif"),
    "apng": ("Animated PNG (full colour)", ".png"),
    "mp4": ("MP4 video (H.264)", ".mp4"),
}
#: a GIF's palette is made anew every this many frames (see FrameWriter._to_palette)
PALETTE_EVERY = 30
MP4_HINT = ("MP4 needs the optional packages imageio and imageio-ffmpeg: "
            "pip install 'gradient-lab[video]' (or pip install imageio imageio-ffmpeg). "
            "GIF and animated PNG work without them.")


class EncoderMissingError(RuntimeError):
    """The chosen format's encoder is not installed (the message says how to get it)."""


def mp4_problem() -> str:
    """Why MP4 cannot be written here, or "" when it can."""
    try:
        _ffmpeg()
    except ImportError:
        return MP4_HINT
    return ""


def _ffmpeg():
    import imageio_ffmpeg

    return imageio_ffmpeg


def temporary_path(path: Path) -> Path:
    """A hidden name beside ``path`` with the same suffix (ffmpeg picks the container by it)."""
    return path.with_name(f".{path.stem}.recording{path.suffix}")


class FrameWriter:
    """``add`` frames (h × w × 3 uint8), then ``close`` (rename into place) or ``abort``."""

    def __init__(self, fmt: str, path: str | os.PathLike[str], size: tuple[int, int],
                 fps: float) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        if fmt == "mp4" and mp4_problem():
            raise EncoderMissingError(MP4_HINT)
        self.fmt, self.path, self.size, self.fps = fmt, Path(path), size, float(fps)
        self.temporary = temporary_path(self.path)
        self.count = 0
        self._frames: list[Image.Image] = []
        self._palette: Image.Image | None = None
        self._stream = None
        if fmt == "mp4":
            self._stream = _ffmpeg().write_frames(
                str(self.temporary), size, fps=self.fps, codec="libx264",
                pix_fmt_out="yuv420p", macro_block_size=2, quality=7,
                # one encoder thread, and x264's fastest preset: ffmpeg took 17–20 ms of CPU
                # a frame with the default preset, 7 with this one (bench/record_speed.py);
                # quality 7 (crf 15) keeps thin plot lines sharp despite the preset
                output_params=["-threads", "1", "-preset", "ultrafast"])
            self._stream.send(None)  # starts ffmpeg

    def add(self, rgb: np.ndarray) -> None:
        """One frame of exactly the writer's size."""
        height, width = rgb.shape[:2]
        if (width, height) != self.size:
            raise ValueError(f"a frame of {width}×{height}, expected {self.size[0]}×{self.size[1]}")
        if self._stream is not None:
            self._stream.send(np.ascontiguousarray(rgb, dtype=np.uint8))
        else:
            image = Image.fromarray(rgb, "RGB")
            self._frames.append(self._to_palette(image) if self.fmt == "gif" else image)
        self.count += 1

    def _to_palette(self, image: Image.Image) -> Image.Image:
        """GIF keeps one byte per pixel: a palette made from every ``PALETTE_EVERY``-th
        frame, the frames between mapped onto it (no dithering).  Measured on 100 frames of
        the network tab's boundary at 1280 × 720: a palette of its own per frame cost about
        7 ms of CPU and Pillow's save 7 ms a frame; a shared palette costs about 2.5 ms and
        the save 2–4 ms, with a mean error of 1.3 levels instead of 1.0 (a plot's colours
        change little within a second)."""
        if self.count % PALETTE_EVERY == 0:
            self._palette = image.quantize(255, method=Image.Quantize.FASTOCTREE)
            return self._palette
        return image.quantize(palette=self._palette, dither=Image.Dither.NONE)

    def close(self) -> Path:
        """Finish the file and move it to its name; returns the path."""
        try:
            if self._stream is not None:
                self._stream.close()
                self._stream = None
            else:
                self._save_pillow()
        except BaseException:
            self.abort()
            raise
        os.replace(self.temporary, self.path)
        return self.path

    def _save_pillow(self) -> None:
        if not self._frames:
            raise ValueError("no frames to write")
        first, *rest = self._frames
        # GIF stores hundredths of a second: 30 frames/s are written as 0.03 s (≈ 33 /s)
        duration = round(1000.0 / self.fps)
        first.save(self.temporary, format="GIF" if self.fmt == "gif" else "PNG",
                   save_all=True, append_images=rest, duration=duration, loop=0)
        self._frames = []

    def abort(self) -> None:
        """Stop and delete the temporary file; the target name is left untouched."""
        if self._stream is not None:
            try:
                self._stream.close()
            except (OSError, RuntimeError):
                pass  # ffmpeg may already be gone; the partial file is removed below
            self._stream = None
        self._frames = []
        self.temporary.unlink(missing_ok=True)
