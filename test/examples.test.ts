/**
 * The example workflows' IDs. n8n saves a workflow's static data (the eSMS Trigger's memory of the
 * delivery reports it has seen, for Drop Duplicates) only when the workflow ID is valid:
 * n8n 2.41.1 `isWorkflowIdValid`: a string of 1 to 21 characters (packages/cli/src/utils.ts);
 * n8n 1.123.81: at most 16. An example with a longer ID silently loses that memory.
 * n8n's own IDs are 16 letters and digits; the examples follow that shape.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const DIR = path.join(__dirname, '..', 'examples');
const examples = fs
	.readdirSync(DIR)
	.filter((f) => f.endsWith('.json'))
	.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as { id: unknown } }));

test('there are examples to check', () => {
	expect(examples.length).toBeGreaterThanOrEqual(4);
});

test.each(examples.map((e) => [e.file, e.workflow.id]))('%s: ID %p is 1 to 16 letters and digits (valid in n8n 1.x and 2.x)', (_file, id) => {
	expect(id).toEqual(expect.stringMatching(/^[A-Za-z0-9]{1,16}$/));
});

test('the IDs are distinct (importing one example never replaces another)', () => {
	const ids = examples.map((e) => e.workflow.id);
	expect(new Set(ids).size).toBe(ids.length);
});
