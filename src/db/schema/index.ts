/** The whole database schema, one file per noun. */
export * from "./audit";
export * from "./imports";
export * from "./interactions";
export * from "./jobs";
export * from "./mail";
export * from "./merges";
export * from "./organizations";
export * from "./partners";
export * from "./people";
export * from "./programmes";
export * from "./protection";
export * from "./users";
