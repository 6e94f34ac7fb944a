// One Map per owner object (a runtime, a store): made on first use, gone with its owner.

/**
 * A function giving each owner its own Map. Per-owner state keyed weakly: a process may run several servers (tests
 * do), and each must keep its own caches and trackers, which go when the server does.
 */
export function mapsPerOwner<Owner extends object, K, V>(): (owner: Owner) => Map<K, V> {
  const maps = new WeakMap<Owner, Map<K, V>>();
  return (owner) => {
    let map = maps.get(owner);
    if (!map) {
      map = new Map();
      maps.set(owner, map);
    }
    return map;
  };
}
