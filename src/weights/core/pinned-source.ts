/**
 * The pinned public copy of the Keras VGG19 weights (a TensorFlow.js layers model on GitHub, one
 * commit, immutable, served with `Access-Control-Allow-Origin: *`), and the git blob SHA-1 its
 * repository's tree records for each shard of the 16 conv layers. Every shard downloaded from
 * there is checked against this table, which ships in the product: the host is trusted for
 * nothing but availability.
 */

export const PINNED_REPO = "DavidCai1993/vgg19-tensorflowjs-model";
export const PINNED_COMMIT = "08d09052bc6258d3abdfa341850122fc4b746db6";
export const PINNED_BASE_URL = `https://raw.githubusercontent.com/${PINNED_REPO}/${PINNED_COMMIT}/model/`;
/** The layers model's weights manifest. */
export const LAYERS_MODEL_FILE = "model.json";

export interface ShardHash {
  path: string;
  bytes: number;
  gitSha1: string;
}

/** Shard path → size and git blob SHA-1; conv layers only (groups 1–16). */
export type ShardHashTable = ReadonlyMap<string, ShardHash>;

const ROWS: ReadonlyArray<readonly [path: string, bytes: number, gitSha1: string]> = [
  ["group1-shard1of1", 7168, "d5dc010d2591a1bba216ecaa7b17c3c4104ca570"],
  ["group2-shard1of1", 147712, "5eb64d62899a8dcfc08fb9d623b8fd80bb4e8969"],
  ["group3-shard1of1", 295424, "debab6e087aefdec47aad792f404ee849013915a"],
  ["group4-shard1of1", 590336, "37158f2e74e4f124b1af755dbbda1f1c7cf901c1"],
  ["group5-shard1of1", 1180672, "2e7e61b9cd7f8d917cc5ab8a8f7d477f8f9ecf07"],
  ["group6-shard1of1", 2360320, "48e6fcccb9ec37e0951ace2339aa23d330aa7225"],
  ["group7-shard1of1", 2360320, "f5d27f47b16cddda014d3a2a7c517c6ed7cf40b1"],
  ["group8-shard1of1", 2360320, "47c01b2aee6c6f839de0abca1fed0d066a8d6883"],
  ["group9-shard1of2", 4194304, "e0aeae43d3d767ec27ed3fca726c5619c058097f"],
  ["group9-shard2of2", 526336, "19881d4d23862e2459008c642e5965bc14538cd6"],
  ["group10-shard1of3", 4194304, "2ab453d66b452527219b6d38c1aa1f308f4dce80"],
  ["group10-shard2of3", 4194304, "db5733fde7b719c484a83f60197fb3a9c584c96c"],
  ["group10-shard3of3", 1050624, "0fdc25721d83da5e6d551e1ad2dc0c0670eccee2"],
  ["group11-shard1of3", 4194304, "ba69c69ce7e082576f0b278fcfa8cac8ff0950cf"],
  ["group11-shard2of3", 4194304, "5da164af31754a7095ffaf0527f7d95e83a95b6e"],
  ["group11-shard3of3", 1050624, "2fae61b1a8b300cbde5ba367bc4cebf427b46db0"],
  ["group12-shard1of3", 4194304, "978df76136fcc60c857888499062e3f84e8f80c3"],
  ["group12-shard2of3", 4194304, "d9aaebd177091da37d02aadf1b67360a90e9aa3f"],
  ["group12-shard3of3", 1050624, "9e285a2c37f0e9363135f4853599e66b4c75287b"],
  ["group13-shard1of3", 4194304, "24aa6625c012605b96bfe5473530eca7ba33bdcb"],
  ["group13-shard2of3", 4194304, "630983138456a18e4395aa405f018e981bfb6f77"],
  ["group13-shard3of3", 1050624, "11b5f2062760174dd792d78f67407d634d756283"],
  ["group14-shard1of3", 4194304, "0a99b7dd80761c6378f2944c267b71967b013d04"],
  ["group14-shard2of3", 4194304, "9cfe0f4f8ed7877386ef70ba971d44612cea4f5b"],
  ["group14-shard3of3", 1050624, "ae47f209c241d85a5710094db8e04e69ef7fb087"],
  ["group15-shard1of3", 4194304, "73e7f19906b1997801eadae35c9496046927c619"],
  ["group15-shard2of3", 4194304, "ea38049e03d8727cf63a4cb253e654d9fad62d4b"],
  ["group15-shard3of3", 1050624, "49503f7464fc8b4dfb5781f176bce9c917e6d8d2"],
  ["group16-shard1of3", 4194304, "b802461273065501bdc358887770e39aa5dc7719"],
  ["group16-shard2of3", 4194304, "8577a524f1b1bfc65d84c6a0594758b91d8ab906"],
  ["group16-shard3of3", 1050624, "70b25a2f8616e3354a7c3eccdf982832f24adcb2"],
];

export const PINNED_SHARDS: ShardHashTable = new Map(ROWS.map(([path, bytes, gitSha1]) => [path, { path, bytes, gitSha1 }]));
