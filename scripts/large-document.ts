/**
 * A large, valid facts document generated for the crash tests and the ingest benchmark: `size` projects, each linked
 * to a place and to the next project, every tie backed by a sentence of the generated text.
 */
export function largeDocument(size: number, id = 'large-generated-document') {
  const sentences: string[] = [];
  const entities: object[] = [];
  const relationships: object[] = [];
  for (let i = 0; i < size; i++) {
    const n = String(i).padStart(6, '0');
    sentences.push(`Generated project ${n} connects generated depot ${n}.`);
    entities.push({ id: `generated-project-${n}`, kind: 'Project', name: `Generated project ${n}`, description: `Project number ${n} of a generated document.` });
    entities.push({ id: `generated-depot-${n}`, kind: 'Place', name: `Generated depot ${n}`, properties: { placeType: 'depot' } });
    relationships.push({ type: 'CONNECTS', from: `generated-project-${n}`, to: `generated-depot-${n}`, evidence: `Generated project ${n} connects generated depot ${n}.` });
    if (i > 0) {
      const p = String(i - 1).padStart(6, '0');
      relationships.push({ type: 'PART_OF', from: `generated-project-${n}`, to: `generated-project-${p}`, evidence: `Generated project ${n} connects` });
    }
  }
  return { source: { id, title: `A generated document of ${size} projects`, text: sentences.join(' ') }, entities, relationships };
}
