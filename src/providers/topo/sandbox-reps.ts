// The sandbox's reps, with fixed ids, so that `--sandbox` can offer their first names as aliases
// (`topo --sandbox tasks reassign --from bram --to ana`) without loading the sandbox itself.
export interface Rep {
  id: string;
  name: string;
  alias: string;
}

export const SANDBOX_REPS: Rep[] = [
  { id: '0a7e1c52-4b1d-4e0a-9c1f-5d2b8e6a1001', name: 'Ana García', alias: 'ana' },
  { id: '1b8f2d63-5c2e-4f1b-8d20-6e3c9f7b1002', name: 'Bram de Vries', alias: 'bram' },
  { id: '2c903e74-6d3f-4a2c-9e31-7f4da08c1003', name: 'Chen Wei', alias: 'chen' },
  { id: '3da14f85-7e40-4b3d-8f42-805eb19d1004', name: 'Dana Okafor', alias: 'dana' },
  { id: '4eb25096-8f51-4c4e-9053-916fc2ae1005', name: 'Émile Laurent', alias: 'emile' },
  { id: '5fc361a7-9062-4d5f-8164-a270d3bf1006', name: 'Farah Haddad', alias: 'farah' },
  { id: '60d472b8-a173-4e60-9275-b381e4c01007', name: 'Gustav Ström', alias: 'gustav' },
  { id: '71e583c9-b284-4f71-8386-c492f5d11008', name: 'Hana Satō', alias: 'hana' },
];

export function sandboxAliases(): Record<string, string> {
  return Object.fromEntries(SANDBOX_REPS.map((rep) => [rep.alias, rep.id]));
}
