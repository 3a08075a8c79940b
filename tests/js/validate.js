// Validates JSON documents against the published plan schema with Ajv (Draft 2020-12, strict mode), to prove the
// schema is plain, standard JSON Schema that a council's JavaScript system can use as it is.
// Usage: node validate.js SCHEMA.json DOC.json...   Prints "valid PATH" or "invalid PATH <errors>" per document.
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");
const fs = require("fs");

const schema = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);
for (const path of process.argv.slice(3)) {
  const ok = validate(JSON.parse(fs.readFileSync(path, "utf8")));
  console.log(ok ? `valid ${path}` : `invalid ${path} ${JSON.stringify(validate.errors.slice(0, 3))}`);
}
