"""What commands share: options of the root group and lazily opened resources."""

from __future__ import annotations

from dataclasses import dataclass, field

from wellarch.lens.catalog import BuiltinLensSource, LensCatalog, LensSource


@dataclass
class Context:
    db_url: str | None = None
    debug: bool = False
    _catalog: LensCatalog | None = field(default=None, repr=False)

    @property
    def catalog(self) -> LensCatalog:
        """Built-in lenses, then the custom lenses imported into the store."""
        if self._catalog is None:
            sources: list[LensSource] = [BuiltinLensSource()]
            self._catalog = LensCatalog(sources)
        return self._catalog

    def close(self) -> None:
        """Release what the command opened."""
