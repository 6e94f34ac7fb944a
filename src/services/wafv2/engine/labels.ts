// Label names as AWS qualifies them, and LabelMatchStatement's LABEL and NAMESPACE matching.

/** `awswaf:<account>:webacl:<name>:` from the web ACL's ARN, when the stored shape does not carry LabelNamespace. */
export function webAclLabelNamespace(arn: string, name: string): string {
  const account = arn.split(':')[4] ?? '';
  return `awswaf:${account}:webacl:${name}:`;
}

/** A rule's label, qualified with its namespace unless already fully qualified (a label starting with `awswaf:`). */
export function qualifyLabel(namespace: string, label: string): string {
  return label.startsWith('awswaf:') ? label : `${namespace}${label}`;
}

/** Compiled LabelMatchStatement: the key may be the label's bare name or any trailing part of its qualified name. */
export function compileLabelMatch(scope: string, key: string): (labels: readonly string[]) => boolean {
  if (scope === 'LABEL') {
    const suffix = `:${key}`;
    return (labels) => {
      for (const l of labels) if (l === key || l.endsWith(suffix)) return true;
      return false;
    };
  }
  const ns = key.endsWith(':') ? key : `${key}:`;
  const inner = `:${ns}`;
  return (labels) => {
    for (const l of labels) {
      const labelNs = l.slice(0, l.lastIndexOf(':') + 1);
      if (labelNs.startsWith(ns) || labelNs.includes(inner)) return true;
    }
    return false;
  };
}
