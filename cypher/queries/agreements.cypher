// name: agreements
// description: Agreements with their parties, sectors and value (amount and currency), largest first; optionally only those one party is in.
// params:
//   party:
//     type: string
//     default: ""
//     description: id of a party to keep only its agreements (empty for every agreement)
//     example: russia
//
// Written once for both engines.
MATCH (agreement:Entity {kind: 'Agreement'})
OPTIONAL MATCH (party:Entity)-[:PARTY_TO]->(agreement)
// LadybugDB's collect() over no values is NULL, Neo4j's is []: coalesce gives [] on both.
WITH agreement, coalesce(collect(party.id), []) AS partyIds, coalesce(collect(party.name), []) AS parties
WHERE $party = '' OR $party IN partyIds
OPTIONAL MATCH (agreement)-[:IN_SECTOR]->(sector:Entity)
RETURN agreement.id AS id, agreement.name AS name, agreement.agreementType AS type, agreement.status AS status,
       agreement.amount AS amount, agreement.currency AS currency, partyIds, parties,
       coalesce(collect(sector.name), []) AS sectors
// Both engines put NULL first in a descending sort: agreements without a stated amount go last instead.
ORDER BY amount IS NULL, amount DESC, id
