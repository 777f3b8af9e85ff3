export { loadOverview as load } from '../workspace-overview.ts';
