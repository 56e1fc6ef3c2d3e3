import type { IExecuteSingleFunctions, IHttpRequestOptions, IN8nHttpFullResponse, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { Limits } from './limiter';

/**
 * What one operation of the node is: everything the node, the transport, the AI tool and the tests
 * need to know about it, in the operation's own file. `resources/index.ts` lists them; the node's
 * options, canvas subtitle, tool descriptions and display lists, and the transport's policy, are
 * derived from that list (docs/development.md, "Add an operation").
 */

export type Resource = 'account' | 'sms' | 'voiceCall' | 'zaloMessage' | 'otp' | 'viberMessage';

/**
 * What the request does at eSMS, which decides how the transport treats it (transport.ts, KIND_POLICY):
 * - `send` spends money and reaches a person: asked again only with a Request ID (eSMS refuses a
 *   repeat with 124), never after a 160; under Stop Workflow its run goes through the run barrier.
 * - `read` and `estimate` change nothing at eSMS: asked again after a dropped connection, an HTTP 5xx,
 *   a body that is not eSMS JSON, or eSMS's rate limit (160); no run barrier.
 */
export type OperationKind = 'send' | 'read' | 'estimate';

/** A request step (n8n's `preSend`): checks the item and completes its request; throws the node's input error. */
export type PreSend = (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) => Promise<IHttpRequestOptions>;

/** An output step (n8n's `postReceive`): the answer checked by the one error policy, then mapped. */
export type PostReceive = (
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
	response: IN8nHttpFullResponse,
) => Promise<INodeExecutionData[]>;

/** Shared inputs, declared once for every operation that uses them (shared/mergeFields.ts explains why). */
export type SharedInput = 'messageId' | 'phone' | 'text';

export interface OperationSpec {
	resource: Resource;
	/** the option value: permanent, it is in saved workflows */
	value: string;
	/** the name in the Operation list */
	name: string;
	/** the canvas subtitle; the name when it says enough */
	subtitle?: string;
	action: string;
	description: string;
	/** eSMS's endpoint: method, path and, for the voice API, its host */
	request: IHttpRequestOptions;
	kind: OperationKind;
	/**
	 * For an endpoint that takes no Request ID and whose effect must happen once (OTP: send a code, use
	 * a code up; Viber: send a message): the transport remembers, per node run, each item's request and its outcome, so that a
	 * later try of Retry On Fail gives back the answer eSMS gave instead of asking again, and never asks
	 * again after an answer that was lost. The texts say what may have happened then, and what to do:
	 * for the person who built the workflow, and for an AI model that called the node as a tool.
	 */
	oncePerRun?: {
		person: string;
		model: string;
		/** as a tool: an identical call in the same execution (one chat message) gets the first call's answer, and sends nothing */
		sameToolCallOnce?: boolean;
	};
	/** limits of this endpoint over the kind's (a documented eSMS rate limit) */
	limits?: Partial<Limits>;
	/** shared inputs, in this order before the operation's own fields */
	inputs?: SharedInput[];
	/** the operation's own fields, made by the shared field builders (merged where equal: mergeFields.ts) */
	fields?: INodeProperties[];
	/** fields placed after every operation's own `fields` (a form whose fields other operations declare first) */
	trailingFields?: INodeProperties[];
	/** validate this item and complete its request (the shared send path for sends); runs before any request */
	prepare?: PreSend;
	/**
	 * Completes the request only as it leaves, below the transport's rate limiter and retries: for keys
	 * that eSMS takes in the URL path (GetListBrandname), which must never be part of anything logged.
	 */
	atSend?: (ctx: IExecuteSingleFunctions) => Promise<Partial<IHttpRequestOptions>>;
	output: PostReceive;
	/** whether the Simplify switch applies (its output step reads it) */
	simplify: boolean;
	/** what the AI model reads about the operation as a tool (toolVariant.ts) */
	tool: string;
}

/** Typed identity: an operation file's one export. */
export function defineOperation(spec: OperationSpec): OperationSpec {
	return spec;
}
