import { parseDocument, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';

/** The CloudFormation short-form tags, each read as its long form: `!Ref x` is `{ Ref: x }`. */
const INTRINSICS: Record<string, string> = {
  Ref: 'Ref', Condition: 'Condition',
  GetAtt: 'Fn::GetAtt', Sub: 'Fn::Sub', If: 'Fn::If', Join: 'Fn::Join', Select: 'Fn::Select', Split: 'Fn::Split',
  FindInMap: 'Fn::FindInMap', Equals: 'Fn::Equals', Not: 'Fn::Not', And: 'Fn::And', Or: 'Fn::Or',
  ImportValue: 'Fn::ImportValue', Base64: 'Fn::Base64', Cidr: 'Fn::Cidr', GetAZs: 'Fn::GetAZs',
  Transform: 'Fn::Transform', Length: 'Fn::Length', ToJsonString: 'Fn::ToJsonString',
};

/** A tag may stand on a scalar, a sequence or a mapping (`!Sub 'x'`, `!Sub [x, {…}]`): one tag of each kind. */
const CFN_TAGS: (ScalarTag | CollectionTag)[] = Object.entries(INTRINSICS).flatMap(([short, long]) => {
  const tag = `!${short}`;
  const scalar: ScalarTag = { tag, resolve: (value: string) => ({ [long]: shortScalar(short, value) }) };
  const toJs = (node: YAMLMap.Parsed | YAMLSeq.Parsed): unknown => ({ [long]: node.toJSON() as unknown });
  return [scalar, { tag, collection: 'seq', resolve: toJs }, { tag, collection: 'map', resolve: toJs }];
});

/** `!GetAtt Table.StreamArn` is `{ 'Fn::GetAtt': ['Table', 'StreamArn'] }`; `!GetAZs ''` keeps its string. */
function shortScalar(tag: string, value: string): unknown {
  if (tag !== 'GetAtt') return value;
  const dot = value.indexOf('.');
  return dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

export class TemplateSyntaxError extends Error {
  override readonly name = 'TemplateSyntaxError';
}

/**
 * Parses a template: YAML (CloudFormation short-form tags included) or JSON, which is YAML too.
 * The first syntax error is a `TemplateSyntaxError` with its line and column.
 */
export function parseTemplate(text: string): unknown {
  const document = parseDocument(text.replace(/^\uFEFF/, ''), { customTags: CFN_TAGS, uniqueKeys: false });
  // a tag it does not know (`!GetAttr`) would silently read as a plain string
  const error = document.errors[0] ?? document.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (error !== undefined) {
    const position = error.linePos?.[0];
    const at = position ? ` at line ${position.line}, column ${position.col}` : '';
    const reason = error.message.replace(/ at line \d+, column \d+:?$/m, '').split('\n')[0] ?? '';
    if (error.code === 'TAG_RESOLVE_FAILED') {
      const forms = Object.keys(INTRINSICS).map((tag) => `!${tag}`).join(', ');
      throw new TemplateSyntaxError(`invalid YAML${at}: ${reason.replace('Unresolved tag:', 'unknown tag')}; the CloudFormation short forms are ${forms}`);
    }
    throw new TemplateSyntaxError(`invalid YAML${at}: ${reason}`);
  }
  return document.toJS({ maxAliasCount: 1000 }) as unknown;
}
