// The source kinds built in; each module registers its schema and fetcher when imported.
import "./dir-source.js";
import "./http-source.js";
import "./npm-source.js";
