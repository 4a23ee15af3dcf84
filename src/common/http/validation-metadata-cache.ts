import { getMetadataStorage } from 'class-validator';

// class-validator looks up a class's rules on every validate() call, and for every nested
// object: it filters every registered rule and tests `instanceof` against every decorated class
// of the application (issue #15: about a tenth of a millisecond per notice, more than the
// checks themselves). The answer depends only on the class, the schema and the group options,
// and changes only when a rule is registered, so it is memoised on the library's own storage
// and forgotten whenever a rule is added. The returned arrays are the ones class-validator
// would build; it only reads them.
type Storage = ReturnType<typeof getMetadataStorage>;
type Metadata = ReturnType<Storage['getTargetValidationMetadatas']>;

const INSTALLED = Symbol.for('notice-relay.validation-metadata-cache');

export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;

  let targets = new Map<unknown, Map<string, Metadata>>();
  let grouped = new WeakMap<Metadata, ReturnType<Storage['groupByPropertyName']>>();
  const forget = () => {
    targets = new Map();
    grouped = new WeakMap();
  };

  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = JSON.stringify([schema ?? null, always, strictGroups, groups ?? null]);
    let byOptions = targets.get(target);
    if (byOptions === undefined) targets.set(target, (byOptions = new Map<string, Metadata>()));
    let found = byOptions.get(key);
    if (found === undefined) {
      found = lookUp(target, schema, always, strictGroups, groups);
      byOptions.set(key, found);
    }
    return found;
  };

  const group = storage.groupByPropertyName.bind(storage);
  storage.groupByPropertyName = (metadata) => {
    let found = grouped.get(metadata);
    if (found === undefined) {
      found = group(metadata);
      grouped.set(metadata, found);
    }
    return found;
  };

  const addMetadata = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    forget();
    addMetadata(metadata);
  };
  const addConstraint = storage.addConstraintMetadata.bind(storage);
  storage.addConstraintMetadata = (metadata) => {
    forget();
    addConstraint(metadata);
  };
}
