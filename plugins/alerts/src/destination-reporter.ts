import {
  type AlertBatch,
  type AlertDeliveryDetails,
  DqError,
  type ReportContext,
  type Reporter,
  type ReportOutput,
} from '@dq/plugin-api';
import { deliverHttp, HttpDeliveryError } from './http-delivery.js';

/** What a destination kind turns a batch into: the body and headers to POST. */
export interface DestinationRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * The shared part of the alert destinations: take the batch the alert engine routed here,
 * build the kind's request, POST it with timeouts and retries, and report attempts and status.
 * A failure is a DQ_ALERT_FAILED naming the destination and its host, never its URL.
 */
export abstract class DestinationReporter implements Reporter {
  abstract readonly name: string;
  abstract readonly description: string;

  protected abstract request(batch: AlertBatch): DestinationRequest;

  async report(ctx: ReportContext): Promise<ReportOutput> {
    const batch = ctx.alerts;
    if (!batch) {
      throw new DqError(
        'DQ_USAGE',
        `The ${this.name} reporter delivers alerts; it has nothing to report on its own.`,
        {
          hint: 'Configure alerting.destinations and alerting.routes, then run `dq check`, `dq alerts send` or `dq alerts test ROUTE`.',
        },
      );
    }
    const { destination } = batch;
    const { body, headers } = this.request(batch);
    const host = new URL(destination.url).host;
    try {
      const result = await deliverHttp({
        url: destination.url,
        body,
        headers,
        timeoutMs: destination.timeoutMs,
        retries: destination.retries,
        onRetry: (attempt, reason, delayMs) =>
          ctx.logger.warn(
            { destination: destination.name, host, attempt, reason, delayMs },
            'alert delivery failed; retrying',
          ),
      });
      const details: AlertDeliveryDetails = { attempts: result.attempts, httpStatus: result.status };
      return {
        files: [],
        summary: `${batch.alerts.length} alert(s) delivered to ${destination.name} (${this.name}, ${host}) in ${result.attempts} attempt(s)`,
        details: { ...details },
      };
    } catch (err) {
      const attempts = err instanceof HttpDeliveryError ? err.attempts : 1;
      const status = err instanceof HttpDeliveryError ? err.status : undefined;
      const details: AlertDeliveryDetails = {
        attempts,
        ...(status === undefined ? {} : { httpStatus: status }),
      };
      throw new DqError(
        'DQ_ALERT_FAILED',
        `Delivering alerts to ${destination.name} (${this.name}, ${host}) failed after ${attempts} attempt(s): ${(err as Error).message}`,
        { cause: err, details },
      );
    }
  }
}
