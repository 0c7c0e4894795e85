/**
 * The same contribution graph described for the Neo4j GraphQL Library (@neo4j/graphql 7): one @node type per label,
 * one @relationship field per edge kind and direction, edge properties as @relationshipProperties. Written the way
 * its documentation suggests, with nothing tuned for the benchmark; the library generates the queries.
 */
export const peerTypeDefs = /* GraphQL */ `
  type Influence @relationshipProperties {
    share: Float!
    method: String
    methodVersion: String
  }
  type Uses @relationshipProperties {
    weight: Float!
  }
  type Snapshot @relationshipProperties {
    snapshotSize: Int!
    snapshotAt: DateTime!
  }

  type Contributor @node {
    id: ID!
    handle: String!
    createdAt: DateTime!
    contributed: [Record!]! @relationship(type: "CONTRIBUTED", direction: OUT)
    built: [Adapter!]! @relationship(type: "BUILT", direction: OUT)
  }

  type Datanet @node {
    id: ID!
    name: String!
    description: String
    admission: String!
    createdAt: DateTime!
    records: [Record!]! @relationship(type: "IN", direction: IN)
  }

  type Record @node {
    id: ID!
    contentHash: String!
    text: String!
    license: String!
    status: String!
    submittedAt: DateTime!
    acceptedAt: DateTime
    datanet: [Datanet!]! @relationship(type: "IN", direction: OUT)
    contributedBy: [Contributor!]! @relationship(type: "CONTRIBUTED", direction: IN)
    reviewedBy: [Contributor!]! @relationship(type: "REVIEWED", direction: IN)
  }

  type BaseModel @node {
    id: ID!
    name: String!
    family: String!
  }

  type Adapter @node {
    id: ID!
    name: String!
    createdAt: DateTime!
    adapts: [BaseModel!]! @relationship(type: "ADAPTS", direction: OUT)
    trainedOn: [Datanet!]! @relationship(type: "TRAINED_ON", direction: OUT, properties: "Snapshot")
    derivedFrom: [Adapter!]! @relationship(type: "DERIVED_FROM", direction: OUT)
    builtBy: [Contributor!]! @relationship(type: "BUILT", direction: IN)
  }

  type Model @node {
    id: ID!
    name: String!
    version: String!
    createdAt: DateTime!
    basedOn: [BaseModel!]! @relationship(type: "BASED_ON", direction: OUT)
    uses: [Adapter!]! @relationship(type: "USES", direction: OUT, properties: "Uses")
    previousVersion: [Model!]! @relationship(type: "PREVIOUS_VERSION", direction: OUT)
  }

  type Output @node {
    id: ID!
    contentHash: String!
    text: String!
    createdAt: DateTime!
    attributionMethod: String
    attributionMethodVersion: String
    coverage: Float
    model: [Model!]! @relationship(type: "GENERATED_BY", direction: OUT)
    datanets: [Datanet!]! @relationship(type: "INFLUENCED_BY", direction: OUT, properties: "Influence")
    adapters: [Adapter!]! @relationship(type: "INFLUENCED_BY", direction: OUT, properties: "Influence")
    contributors: [Contributor!]! @relationship(type: "INFLUENCED_BY", direction: OUT, properties: "Influence")
    records: [Record!]! @relationship(type: "INFLUENCED_BY", direction: OUT, properties: "Influence")
  }
`;
