/**
 * The ontology as the explorer's legend and filters read it (served by the API's `ontology` query): each kind with
 * its display name and style, each relationship type with the kinds it joins. A kind the file gives no style gets
 * one from the fallback lists by its place in the ontology, so every page and every reload agree.
 */
import { KINDS, RELATIONSHIP_TYPES, kindNames, relationshipTypeNames, type KindShape, type PropertySpec } from './ontology';

const FALLBACK_COLORS = ['#8c564b', '#7f7f7f', '#bcbd22', '#1f77b4', '#d62728', '#9467bd'];
const FALLBACK_SHAPES: KindShape[] = ['vee', 'heptagon', 'ellipse', 'round-rectangle'];

export interface LegendProperty {
  name: string;
  type: PropertySpec['type'];
  description: string;
}

export interface LegendKind {
  name: string;
  display: string;
  description: string;
  color: string;
  shape: KindShape;
  properties: LegendProperty[];
}

export interface LegendRelationshipType {
  name: string;
  display: string;
  description: string;
  from: string[];
  to: string[];
  properties: LegendProperty[];
}

const propertiesOf = (props: Record<string, PropertySpec>): LegendProperty[] =>
  Object.entries(props).map(([name, spec]) => ({ name, type: spec.type, description: spec.description }));

/** Every kind with its look, in the ontology's order. */
export function legendKinds(): LegendKind[] {
  let unstyled = 0;
  return kindNames.map((name) => {
    const spec = KINDS[name]!;
    const style = spec.style ?? { color: FALLBACK_COLORS[unstyled % FALLBACK_COLORS.length]!, shape: FALLBACK_SHAPES[unstyled % FALLBACK_SHAPES.length]! };
    if (!spec.style) unstyled++;
    return { name, display: spec.display, description: spec.description, ...style, properties: propertiesOf(spec.properties) };
  });
}

/** Every relationship type with the kinds it joins, in the ontology's order. */
export function legendRelationshipTypes(): LegendRelationshipType[] {
  return relationshipTypeNames.map((name) => {
    const spec = RELATIONSHIP_TYPES[name]!;
    return { name, display: spec.display, description: spec.description, from: [...spec.from], to: [...spec.to], properties: propertiesOf(spec.properties) };
  });
}
