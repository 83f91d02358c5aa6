// One "done well" peer instance in a worker thread (see peerInWorkers in peers.ts).
import { parentPort, workerData } from "node:worker_threads";
import type { Contender } from "./contender.js";
import type { TunedDecode } from "./peer-tensor.js";
import { makePeer, type FromPeerWorker, type PeerSpec, type ToPeerWorker } from "./peers.js";

const { spec, files, tuned } = workerData as { spec: PeerSpec; files: string[]; tuned: TunedDecode };
const post = (m: FromPeerWorker) => parentPort!.postMessage(m);
async function start(): Promise<Contender | undefined> {
  try {
    const made = await makePeer(spec, files, tuned);
    if (typeof made === "string") throw new Error(made);
    post({ type: "ready", label: made.label });
    return made;
  } catch (err) {
    // Reported as a message, not thrown: an uncaught error in a worker would take the benchmark down.
    post({ type: "error", message: (err as Error).message });
    return undefined;
  }
}

const peer = await start();
if (peer) {
  parentPort!.on("message", (m: ToPeerWorker) => {
    if (m.type === "dispose") {
      void peer.dispose().then(() => process.exit(0));
      return;
    }
    peer
      .run()
      .then(async () => post({ type: "ran", found: await peer.found() }))
      .catch((err: unknown) => post({ type: "error", message: (err as Error).message }));
  });
}
