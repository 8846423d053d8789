// The actor page: the actor as coded (code, kind, country, affiliations) and its events.

import { entityPage } from "./entity.js";

function findActor(key, events) {
  const wanted = key.toLowerCase();
  const mentions = events.flatMap((e) => e.sources.concat(e.targets, e.coactors, e.claimant ? [e.claimant] : []));
  const same = (m) => (m.actor.code || "").toLowerCase() === wanted || m.actor.name.toLowerCase() === wanted;
  return (mentions.find(same) || mentions.find((m) => m.mention.text.toLowerCase().includes(wanted)) || {}).actor;
}

entityPage({
  filter: "actor",
  noun: "actor",
  describe(key, events) {
    const actor = findActor(key, events);
    if (!actor) return { title: key, rows: [["Matches", `actors whose code, name or mention contains "${key}"`]] };
    const rows = [
      ["Name", actor.name],
      ["Code", actor.code || "uncoded"],
      ["Kind", actor.kind.replace(/_/g, " ")],
      ["Country", actor.country || "—"],
    ];
    if (actor.sector) rows.push(["Sector", actor.sector]);
    if (actor.affiliations.length) rows.push(["Affiliations", actor.affiliations.join(" › ")]);
    if (actor.sponsor) rows.push(["Sponsor", actor.sponsor]);
    if (actor.aliases.length) rows.push(["Also called", actor.aliases.join(", ")]);
    rows.push(["Listed events", `every event with an actor whose code, name or mention contains "${key}"`]);
    return { title: actor.code ? `${actor.name} (${actor.code})` : actor.name, rows };
  },
});
