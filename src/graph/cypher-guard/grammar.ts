/**
 * The grammar of the read-only Cypher both engines accept from a request without the admin token (peggy),
 * compiled once on first use. It is deliberately narrow: what it cannot read is refused, never guessed at.
 * Every node of the tree it builds is `{ t: kind, at: offset, ... }` so the guard can walk it without
 * knowing its shape; clauses that are not reads are kept whole as `forbidden` nodes so the refusal can name them.
 */
import peggy from 'peggy';

// In a String.raw a backquote cannot be written, so the grammar spells it \x60.
const GRAMMAR = String.raw`
{
  const node = (t, props) => ({ t, at: offset(), ...props });
  // A construct one engine has and the other lacks: the guard names it and says what to write instead.
  const dialect = (engine, construct) => ({ t: 'dialect', at: offset(), engine, construct });
  const chain = (head, tail) => tail.length === 0 ? head : node('op', { operands: [head, ...tail] });
}

Script
  = _ first:Statement rest:(_ ";" _ s:Statement? { return s; })* _ { return { t: 'script', statements: [first, ...rest.filter(Boolean)] }; }

Statement
  = first:SingleQuery rest:(_ UnionWord _ q:SingleQuery { return q; })* { return node('query', { parts: [first, ...rest] }); }

UnionWord = UNION _ ALL / UNION

SingleQuery
  = head:Clause tail:(_ c:Clause { return c; })* { return node('single', { clauses: [head, ...tail] }); }

Clause
  = Match / Unwind / With / Return / CallSubquery / Forbidden

// ---- clauses that read -------------------------------------------------------------------------------------

Match
  = OPTIONAL _ MATCH _ p:Pattern w:(_ w:Where { return w; })? { return node('match', { optional: true, pattern: p, where: w }); }
  / MATCH _ p:Pattern w:(_ w:Where { return w; })? { return node('match', { optional: false, pattern: p, where: w }); }

Unwind = UNWIND _ e:Expression _ AS _ v:Alias { return node('unwind', { e, v }); }

With = WITH _ DISTINCT? _ b:ReturnBody w:(_ w:Where { return w; })? { return node('with', { b, w }); }

Return = RETURN _ DISTINCT? _ b:ReturnBody { return node('return', { b }); }

ReturnBody
  = items:ReturnItems o:(_ o:Order { return o; })? s:(_ s:Skip { return s; })? l:(_ l:Limit { return l; })? { return { items, o, s, l }; }

ReturnItems
  = head:("*" { return null; } / ReturnItem) tail:(_ "," _ i:ReturnItem { return i; })* { return [head, ...tail]; }

ReturnItem = e:Expression a:(_ AS _ v:Alias { return v; })? { return { e, a }; }

Order = ORDER _ BY _ head:SortItem tail:(_ "," _ s:SortItem { return s; })* { return [head, ...tail]; }
SortItem = e:Expression (_ (ASCENDING / ASC / DESCENDING / DESC))? { return e; }
Skip = (SKIP / OFFSET) _ e:Expression { return e; }
Limit = LIMIT _ e:Expression { return e; }
Where = WHERE _ e:Expression { return e; }

CallSubquery
  = CALL _ ("(" _ (("*" / Variable) (_ "," _ Variable)*)? _ ")" _)? "{" _ q:Statement _ "}" { return { ...dialect('neo4j', 'CALL { … } subquery'), q }; }

// ---- everything else that may start a clause: kept whole so the guard can name it ----------------------------

Forbidden
  = kw:$ForbiddenWord rest:$Soup { return node('forbidden', { keyword: kw.toUpperCase(), rest }); }

ForbiddenWord
  = w:$([A-Za-z]+) !IdentPart &{ return FORBIDDEN_WORDS.has(w.toUpperCase()); }

// Any tokens up to the end of the statement (or of the enclosing brackets), strings and comments read whole.
Soup = (WS / Comment / String / Backquoted / "(" Soup ")" / "[" Soup "]" / "{" Soup "}" / [^;()\[\]{}'"\x60/] / "/")*

// ---- patterns -------------------------------------------------------------------------------------------------

Pattern = head:PatternPart tail:(_ "," _ p:PatternPart { return p; })* { return [head, ...tail]; }

PatternPart = v:(v:Variable _ "=" _ { return v; })? p:PatternElement { return node('part', { v, p }); }

PatternElement
  = ShortestPathFunction
  / NodeChain
  / "(" _ p:PatternElement _ ")" { return p; }

ShortestPathFunction
  = name:$(SHORTESTPATH / ALLSHORTESTPATHS) _ "(" _ p:NodeChain _ ")" { return { ...dialect('neo4j', name + '(…)'), p }; }

NodeChain = head:NodePattern tail:(_ r:RelationshipPattern _ n:NodePattern { return [r, n]; })* { return node('chain', { nodes: [head, ...tail] }); }

RelationshipChain = head:NodePattern tail:(_ r:RelationshipPattern _ n:NodePattern { return [r, n]; })+ { return node('chain', { nodes: [head, ...tail] }); }

NodePattern
  = "(" _ v:Variable? _ l:Labels? _ p:Properties? _ w:(WHERE _ e:Expression { return e; })? _ ")" { return node('node', { v, l, p, w }); }

Labels = ":" _ head:LabelName tail:(_ (":" / "|" _ ":"? / "&") _ n:LabelName { return n; })* { return [head, ...tail]; }

RelationshipPattern
  = "<" _ "-" _ d:RelationshipDetail? _ "-" _ ">"? { return node('rel', { d }); }
  / "-" _ d:RelationshipDetail? _ "-" _ ">"? { return node('rel', { d }); }

RelationshipDetail
  = "[" _ v:Variable? _ types:RelationshipTypes? _ len:VariableLength? _ p:Properties? _ w:(WHERE _ e:Expression { return e; })? _ "]" { return { v, types, len, p, w }; }

RelationshipTypes = ":" _ head:LabelName tail:(_ "|" _ ":"? _ n:LabelName { return n; })* { return [head, ...tail]; }

VariableLength
  = "*" _ k:RecursiveKind? _ r:Range? _ f:RecursiveFilter? { return k || f ? { ...dialect('embedded', k ? k + ' paths' : 'a recursive filter (r, n | WHERE …)'), r, f } : node('varlength', { r }); }

RecursiveKind
  = ALL _ SHORTEST { return 'ALL SHORTEST'; }
  / SHORTEST { return 'SHORTEST'; }
  / ALL _ WSHORTEST _ "(" _ LabelName _ ")" { return 'ALL WSHORTEST'; }
  / WSHORTEST _ "(" _ LabelName _ ")" { return 'WSHORTEST'; }
  / TRAIL { return 'TRAIL'; }
  / ACYCLIC { return 'ACYCLIC'; }

Range = a:Integer? _ ".." _ b:Integer? { return [a, b]; } / a:Integer { return [a, a]; }

RecursiveFilter
  = "(" _ r:Variable _ "," _ n:Variable _ w:("|" _ WHERE _ e:Expression { return e; })? _ p:("|" _ a:ProjectionItems _ "," _ b:ProjectionItems { return [a, b]; })? _ ")" { return { w, p, binds: [r, n] }; }

ProjectionItems = "{" _ items:ExpressionList? _ "}" { return items; }

Properties = MapLiteral / Parameter

// ---- expressions (lowest precedence first) ----------------------------------------------------------------------

Expression = OrExpression

OrExpression = head:XorExpression tail:(_ OR _ e:XorExpression { return e; })* { return chain(head, tail); }
XorExpression = head:AndExpression tail:(_ XOR _ e:AndExpression { return e; })* { return chain(head, tail); }
AndExpression = head:NotExpression tail:(_ AND _ e:NotExpression { return e; })* { return chain(head, tail); }
NotExpression = NOT _ e:NotExpression { return node('op', { operands: [e] }); } / ComparisonExpression

ComparisonExpression = head:AdditiveExpression tail:(_ t:ComparisonTail { return t; })* { return chain(head, tail.filter(Boolean)); }

ComparisonTail
  = ("=~" / "<>" / "!=" / "<=" / ">=" / "=" / "<" / ">") _ e:AdditiveExpression { return e; }
  / STARTS _ WITH _ e:AdditiveExpression { return e; }
  / ENDS _ WITH _ e:AdditiveExpression { return e; }
  / CONTAINS _ e:AdditiveExpression { return e; }
  / IN _ e:AdditiveExpression { return node('in', { e }); }
  / IS _ NOT _ NULL { return null; }
  / IS _ NULL { return null; }

AdditiveExpression = head:MultiplicativeExpression tail:(_ ("||" / "+" / "-" !">") _ e:MultiplicativeExpression { return e; })* { return chain(head, tail); }
MultiplicativeExpression = head:PowerExpression tail:(_ ("*" / "/" / "%") _ e:PowerExpression { return e; })* { return chain(head, tail); }
PowerExpression = head:UnaryExpression tail:(_ "^" _ e:UnaryExpression { return e; })* { return chain(head, tail); }
UnaryExpression = ("+" / "-") _ e:UnaryExpression { return node('op', { operands: [e] }); } / PostfixExpression

PostfixExpression = head:Atom tail:(_ p:Postfix { return p; })* { return tail.length ? node('postfix', { head, tail }) : head; }

Postfix
  = "." _ k:PropertyKeyName { return node('property'); }
  / "[" _ a:Expression? _ ".." _ b:Expression? _ "]" { return node('slice', { a, b }); }
  / "[" _ e:Expression _ "]" { return node('index', { e }); }
  / Labels { return dialect('neo4j', 'a label test n:Label'); }
  / m:MapProjection { return m; }

MapProjection
  = "{" _ items:(head:MapProjectionItem tail:(_ "," _ i:MapProjectionItem { return i; })* { return [head, ...tail]; })? _ "}" { return { ...dialect('neo4j', 'a map projection n {.key}'), items }; }

MapProjectionItem
  = "." _ ("*" / PropertyKeyName) { return null; }
  / PropertyKeyName _ ":" _ e:Expression { return e; }
  / Variable

Atom
  = Literal
  / Parameter
  / CaseExpression
  / CountStar
  / SubqueryExpression
  / ListComprehension
  / PatternComprehension
  / ListLiteral
  / MapLiteral
  / Quantifier
  / Reduce
  / ShortestPathFunction
  / Cast
  / FunctionCall
  / RelationshipChain
  / "(" _ e:Expression _ ")" { return e; }
  / name:Variable { return node('variable', { name }); }

Literal
  = NULL { return node('null'); }
  / (TRUE / FALSE) { return node('boolean'); }
  / n:Number { return n; }
  / s:String { return node('string', { value: s }); }

Parameter = "$" name:(Identifier / $[0-9]+ / Backquoted) { return node('parameter', { name }); }

CaseExpression
  = CASE e:(_ x:Expression { return x; })? arms:(_ WHEN _ w:Expression _ THEN _ t:Expression { return [w, t]; })+ o:(_ ELSE _ x:Expression { return x; })? _ END { return node('case', { e, arms, o }); }

CountStar = COUNT _ "(" _ "*" _ ")" { return node('function', { name: 'count', args: [] }); }

SubqueryExpression
  = k:$(EXISTS / COUNT) _ "{" _ body:SubqueryBody _ "}" { return node('subquery', { body }); }
  / COLLECT _ "{" _ body:Statement _ "}" { return { ...dialect('neo4j', 'COLLECT { … }'), body }; }

SubqueryBody = Statement / p:Pattern w:(_ w:Where { return w; })? { return { p, w }; }

ListComprehension
  = "[" _ v:Variable _ IN _ list:Expression w:(_ WHERE _ e:Expression { return e; })? m:(_ "|" _ e:Expression { return e; })? _ "]" { return { ...dialect('neo4j', 'a list comprehension [x IN list | …]'), binds: [v], list, w, m }; }

PatternComprehension
  = "[" _ (Variable _ "=" _)? p:RelationshipChain w:(_ WHERE _ e:Expression { return e; })? _ "|" _ m:Expression _ "]" { return { ...dialect('neo4j', 'a pattern comprehension [(a)-->(b) | …]'), p, w, m }; }

ListLiteral = "[" _ items:ExpressionList? _ "]" { return node('list', { items: items ?? [] }); }

ExpressionList = head:Expression tail:(_ "," _ e:Expression { return e; })* { return [head, ...tail]; }

MapLiteral
  = "{" _ entries:(head:MapEntry tail:(_ "," _ e:MapEntry { return e; })* { return [head, ...tail]; })? _ "}" { return node('map', { entries: entries ?? [] }); }

MapEntry = PropertyKeyName _ ":" _ e:Expression { return e; }

Quantifier
  = (ALL / ANY / NONE / SINGLE) _ "(" _ v:Variable _ IN _ list:Expression _ w:(WHERE _ e:Expression { return e; })? _ ")" { return node('quantifier', { binds: [v], list, w }); }

Reduce
  = REDUCE _ "(" _ a:Variable _ "=" _ init:Expression _ "," _ v:Variable _ IN _ list:Expression _ "|" _ m:Expression _ ")" { return { ...dialect('neo4j', 'reduce(…)'), binds: [a, v], init, list, m }; }

Cast
  = CAST _ "(" _ e:Expression _ AS _ Type _ ")" { return { ...dialect('embedded', 'CAST(x AS TYPE)'), e }; }

Type = Identifier (_ "(" _ TypeArgument (_ "," _ TypeArgument)* _ ")")? (_ "[" _ [0-9]* _ "]")*
TypeArgument = [0-9]+ / Identifier _ Type / Type

FunctionCall
  = name:FunctionName _ "(" _ DISTINCT? _ args:(head:Argument tail:(_ "," _ a:Argument { return a; })* { return [head, ...tail]; })? _ ")" { return node('function', { name, args: args ?? [] }); }

FunctionName = head:FunctionNamePart tail:(_ "." _ p:(Identifier / Backquoted) { return p; })* { return [head, ...tail].join('.'); }
FunctionNamePart = !ClauseWord n:(Identifier / Backquoted) { return n; }

Argument = Lambda / Expression

Lambda
  = vs:("(" _ h:Variable t:(_ "," _ v:Variable { return v; })* _ ")" { return [h, ...t]; } / v:Variable { return [v]; }) _ "->" _ e:Expression { return { ...dialect('embedded', 'a lambda x -> …'), binds: vs, e }; }

Variable = !Reserved n:Identifier { return n; } / Backquoted

// After AS any word is a name: nothing else may stand there.
Alias = Identifier / Backquoted
LabelName = Identifier / Backquoted
PropertyKeyName = Identifier / Backquoted

Identifier = $([\p{L}_]u [\p{L}\p{N}\p{Mn}\p{Mc}_]u*)
IdentPart = [\p{L}\p{N}\p{Mn}\p{Mc}_]u

Backquoted = parts:("\x60" s:$[^\x60]* "\x60" { return s; })+ { return parts.join('\x60'); }

// ---- literals -------------------------------------------------------------------------------------------------

Number
  = s:$([0-9]* "." [0-9]+ ([eE] [+-]? [0-9]+)? / [0-9]+ [eE] [+-]? [0-9]+) !IdentPart { return node('number', { value: Number(s) }); }
  / "0x"i [0-9a-fA-F]+ !IdentPart { return node('number', { value: Number.NaN }); }
  / i:Integer !IdentPart { return node('number', { value: i }); }

Integer = s:$[0-9]+ { return Number(s); }

// Only the escapes both engines read the same way; anything else is refused rather than guessed at.
String
  = "'" chars:(SingleQuoted / Escape)* "'" { return chars.join(''); }
  / '"' chars:(DoubleQuoted / Escape)* '"' { return chars.join(''); }
SingleQuoted = $[^'\\]+
DoubleQuoted = $[^"\\]+
Escape
  = "\\" c:[\\'"] { return c; }
  / "\\" c:[bfnrtBFNRT] { return ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' })[c.toLowerCase()]; }
  / "\\u" h:$([0-9a-fA-F]|4|) { return String.fromCharCode(parseInt(h, 16)); }
  / "\\U" h:$([0-9a-fA-F]|8|) { return String.fromCodePoint(Math.min(parseInt(h, 16), 0x10ffff)); }

// ---- blanks -----------------------------------------------------------------------------------------------------

_ = (WS / Comment)*
WS = [ \t\r\n]+
Comment = "/*" (!"*/" .)* "*/" / "//" [^\r\n]*

// ---- words ----------------------------------------------------------------------------------------------------

Reserved = w:$([A-Za-z_]+) !IdentPart &{ return RESERVED_WORDS.has(w.toUpperCase()); }
ClauseWord = w:$([A-Za-z_]+) !IdentPart &{ return CLAUSE_WORDS.has(w.toUpperCase()); }

ACYCLIC = "acyclic"i !IdentPart
ALL = "all"i !IdentPart
ALLSHORTESTPATHS = "allShortestPaths"i !IdentPart
AND = "and"i !IdentPart
ANY = "any"i !IdentPart
AS = "as"i !IdentPart
ASC = "asc"i !IdentPart
ASCENDING = "ascending"i !IdentPart
BY = "by"i !IdentPart
CALL = "call"i !IdentPart
CASE = "case"i !IdentPart
CAST = "cast"i !IdentPart
COLLECT = "collect"i !IdentPart
CONTAINS = "contains"i !IdentPart
COUNT = "count"i !IdentPart
DESC = "desc"i !IdentPart
DESCENDING = "descending"i !IdentPart
DISTINCT = "distinct"i !IdentPart
ELSE = "else"i !IdentPart
END = "end"i !IdentPart
ENDS = "ends"i !IdentPart
EXISTS = "exists"i !IdentPart
FALSE = "false"i !IdentPart
IN = "in"i !IdentPart
IS = "is"i !IdentPart
LIMIT = "limit"i !IdentPart
MATCH = "match"i !IdentPart
NONE = "none"i !IdentPart
NOT = "not"i !IdentPart
NULL = "null"i !IdentPart
OFFSET = "offset"i !IdentPart
OPTIONAL = "optional"i !IdentPart
OR = "or"i !IdentPart
ORDER = "order"i !IdentPart
REDUCE = "reduce"i !IdentPart
RETURN = "return"i !IdentPart
SHORTEST = "shortest"i !IdentPart
SHORTESTPATH = "shortestPath"i !IdentPart
SINGLE = "single"i !IdentPart
SKIP = "skip"i !IdentPart
STARTS = "starts"i !IdentPart
THEN = "then"i !IdentPart
TRAIL = "trail"i !IdentPart
TRUE = "true"i !IdentPart
UNION = "union"i !IdentPart
UNWIND = "unwind"i !IdentPart
WHEN = "when"i !IdentPart
WHERE = "where"i !IdentPart
WITH = "with"i !IdentPart
WSHORTEST = "wshortest"i !IdentPart
XOR = "xor"i !IdentPart
`;

/** Words that start a clause the guard refuses; kept whole so the refusal can name them. */
export const FORBIDDEN_WORDS = new Set([
  'CREATE', 'MERGE', 'SET', 'DELETE', 'DETACH', 'REMOVE', 'FOREACH', 'INSERT',
  'LOAD', 'COPY', 'EXPORT', 'IMPORT', 'ATTACH', 'USE', 'INSTALL', 'UNINSTALL', 'UPDATE', 'CHECKPOINT',
  'BEGIN', 'COMMIT', 'ROLLBACK', 'CALL', 'SHOW', 'TERMINATE', 'GRANT', 'REVOKE', 'DENY', 'ALTER', 'START', 'STOP',
  'DROP', 'EXPLAIN', 'PROFILE', 'CYPHER', 'ENABLE', 'DISABLE', 'RENAME', 'COMMENT', 'FINISH', 'LET', 'FILTER', 'NEXT',
]);

/** Words that start a read clause. */
const READ_CLAUSE_WORDS = ['MATCH', 'OPTIONAL', 'UNWIND', 'WITH', 'RETURN', 'UNION', 'WHERE', 'ORDER', 'SKIP', 'LIMIT', 'OFFSET'];

/** Words that are never a function name: a clause could follow an expression there. */
const CLAUSE_WORDS = new Set([...FORBIDDEN_WORDS, ...READ_CLAUSE_WORDS]);

/** Words that are never a variable, so a clause word cannot pass for one (backquote a variable to use them). */
const RESERVED_WORDS = new Set([
  ...CLAUSE_WORDS,
  ...['AND', 'OR', 'XOR', 'NOT', 'IN', 'IS', 'NULL', 'TRUE', 'FALSE', 'STARTS', 'ENDS', 'CONTAINS', 'AS', 'BY'],
  ...['CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'DISTINCT', 'ASC', 'ASCENDING', 'DESC', 'DESCENDING', 'ALL', 'SHORTEST'],
]);

/** A node of the parse tree. */
export interface ParseNode {
  t: string;
  at: number;
  [key: string]: unknown;
}

export interface CypherParser {
  parse(text: string): { t: 'script'; statements: ParseNode[] };
}

let parser: CypherParser | undefined;

/** The compiled parser (compiled on first use: about a tenth of a second, once per process). */
export function cypherParser(): CypherParser {
  if (!parser) {
    // No packrat cache: it stored an entry per rule and position, and its garbage made long lists quadratic
    // (3 000 list items: about 1 s against 0.1 s); adversarial nesting stays linear without it (see the unit tests).
    const compiled = peggy.generate(GRAMMAR, { cache: false, output: 'source', format: 'bare' });
    // The grammar's predicates read these sets; they are handed in rather than copied into the grammar text.
    const make = new Function('FORBIDDEN_WORDS', 'RESERVED_WORDS', 'CLAUSE_WORDS', `return (\n${compiled}\n);`);
    parser = make(FORBIDDEN_WORDS, RESERVED_WORDS, CLAUSE_WORDS) as CypherParser;
  }
  return parser;
}
