"""A dict that refuses mutation, so that records can be shared without copying."""

from __future__ import annotations

from typing import Any, NoReturn

from hyperscout.exceptions import InvalidTypeError


class ReadOnlyDict(dict[str, Any]):
    """A ``dict`` whose mutators raise; equal to and usable as a plain dict otherwise."""

    __slots__ = ()

    def _readonly(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise InvalidTypeError(
            "this mapping belongs to an immutable FrozenTrial; copy it with dict(...) to change it"
        )

    __setitem__ = _readonly
    __delitem__ = _readonly
    clear = _readonly
    pop = _readonly
    popitem = _readonly
    setdefault = _readonly
    update = _readonly
    __ior__ = _readonly

    def __reduce__(self) -> tuple[Any, ...]:
        return (ReadOnlyDict, (dict(self),))

    def __copy__(self) -> ReadOnlyDict:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> ReadOnlyDict:
        import copy

        return ReadOnlyDict({k: copy.deepcopy(v, memo) for k, v in self.items()})


EMPTY = ReadOnlyDict()
