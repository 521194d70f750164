import type { IncomingMessage, ServerResponse } from 'node:http';

/** One server-sent-events response; `onClose` runs once when the client goes or the server stops. */
export class SseStream {
  private closed = false;
  private readonly keepAlive: NodeJS.Timeout;

  constructor(
    req: IncomingMessage,
    private readonly res: ServerResponse,
    onClose: () => void,
  ) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write('retry: 2000\n\n');
    // A comment line now and then, so proxies and idle timeouts keep the stream open.
    this.keepAlive = setInterval(() => this.res.write(': keep-alive\n\n'), 15_000);
    const close = () => {
      if (this.closed) return;
      this.closed = true;
      clearInterval(this.keepAlive);
      onClose();
    };
    req.on('close', close);
    res.on('close', close);
    res.on('error', close);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** One event; `data` as JSON on one line (JSON never holds a raw newline). */
  send(event: string, data: unknown): void {
    if (!this.closed) this.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    this.res.end();
  }
}
