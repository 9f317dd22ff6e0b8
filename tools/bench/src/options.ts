/** The options every vote scenario and seed uses: the services' defaults. */
export const OPTIONS = ["Cats", "Dogs"] as const;
