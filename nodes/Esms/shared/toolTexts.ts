/** The pieces the AI tool texts of several operations share (each operation's spec holds its text, `tool`). */

/**
 * What the tool descriptions say about the inputs. They name no input: the names are the tool's schema,
 * which n8n builds from the `$fromAI()` keys, and those are `phone`, `content`, `text` and `smsId` by
 * default ({@link TOOL_INPUTS}) but `Phone`, `Content`… when a user presses the editor's "Let the model
 * define this parameter" button (the key is the field's display name). A description that said
 * "phone" then sent models to a key that does not exist (`Invalid "Phone": it is empty`).
 */
export const PHONE =
	'Give the phone number as a string with its leading 0, e.g. "0901888484" ("84901888484" and "+84 90 188 84 84" work too); a number such as 901888484 is refused. ';
export const REPEAT =
	'Calling again with the same input in the same 10-minute slot of the clock (e.g. 10:00 to 10:09) does not send it again (e.g. a retry, or the same call twice at once): that answer has alreadyAccepted true (and smsId null when it is not known), and the first call sent it once. In a later slot the same call sends again: after a successful answer, do not repeat the call. ';
export const FAILURE =
	'On failure the answer is an error text: the eSMS error code, what happened, and what to do next (wait and call again, ask the user for another number, or stop and tell the user).';
