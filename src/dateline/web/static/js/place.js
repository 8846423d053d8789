// The place page: the gazetteer entry and the events located there.

import { externalLink } from "./dom.js";
import { entityPage } from "./entity.js";

entityPage({
  filter: "place_id",
  noun: "place",
  describe(key, events) {
    const found = events.map((e) => e.place.place && e.place.place.place).find((p) => p && p.place_id === key);
    if (!found) return { title: key, rows: [] };
    const rows = [
      ["Name", found.name],
      ["Gazetteer id", found.geonames_id ? externalLink(`https://www.geonames.org/${found.geonames_id}`, found.place_id) : found.place_id],
      ["Country", found.country || "—"],
      ["Province", found.admin1 || "—"],
      ["Coordinates", `${found.lat.toFixed(3)}, ${found.lon.toFixed(3)}`],
    ];
    if (found.feature_code) rows.push(["Feature", `${found.feature_class || ""}.${found.feature_code}`]);
    if (found.population) rows.push(["Population", found.population.toLocaleString("en")]);
    return { title: found.admin1 ? `${found.name}, ${found.admin1}` : found.name, rows };
  },
});
