/**
 * Reading GraphQL answers in tests: the data of a successful answer, or the codes of a failed one.
 */
export interface GraphQLAnswer {
  status: number;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, any>; path?: (string | number)[] }[] };
}

/** The `data` of an answer that must have succeeded (HTTP 200, no errors). */
export function dataOf(answer: GraphQLAnswer): any {
  expect(answer.body.errors).toBeUndefined();
  expect(answer.status).toBe(200);
  return answer.body.data;
}

/** The single error of an answer that must have failed. */
export function errorOf(answer: GraphQLAnswer): { message: string; extensions: Record<string, any> } {
  expect(answer.body.errors).toHaveLength(1);
  const [error] = answer.body.errors!;
  return { message: error!.message, extensions: error!.extensions ?? {} };
}
