from hyperscout.storages._rdb._storage import RDBStorage

__all__ = ["RDBStorage"]
