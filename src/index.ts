import config from '../config.json';
import { bundledPlugins } from '../plugins';
import { createGateway } from './gateway';

export default createGateway({ config, plugins: bundledPlugins });
