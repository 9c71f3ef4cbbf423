/**
 * Stands in for `@as-integrations/express5` (what @nestjs/apollo loads to serve Apollo on
 * Express 5) while that optional peer is not among the dev dependencies: jest.config.js maps the
 * package name here only when it is not installed. The same translation the package does,
 * through Apollo Server's public integration API; Apollo itself runs for real.
 */
import { HeaderMap, type ApolloServer, type BaseContext, type ContextFunction } from '@apollo/server';

/** What this middleware uses of Express 5's request and response. */
interface Request {
  readonly method: string;
  readonly originalUrl: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
}
interface Response {
  statusCode: number;
  status(code: number): Response;
  send(body: string): void;
  setHeader(name: string, value: string): void;
  write(chunk: string): void;
  end(): void;
}
type NextFunction = (error?: unknown) => void;

interface Options {
  context?: ContextFunction<[{ req: Request; res: Response }], BaseContext>;
}

export function expressMiddleware(server: ApolloServer<BaseContext>, options: Options = {}) {
  server.assertStarted('expressMiddleware()');
  const context = options.context ?? (async () => ({}));
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.body === undefined) {
      res.status(500).send('`req.body` is not set: the json middleware must run before Apollo Server.');
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const query = req.originalUrl.indexOf('?');
    server
      .executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: query < 0 ? '' : req.originalUrl.slice(query), body: req.body as object },
        context: () => context({ req, res }),
      })
      .then(async (response) => {
        for (const [key, value] of response.headers) res.setHeader(key, value);
        res.statusCode = response.status ?? 200;
        if (response.body.kind === 'complete') {
          res.send(response.body.string);
          return;
        }
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      })
      .catch(next);
  };
}
