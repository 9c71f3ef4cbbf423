// The README quick start's controller, as the "Testing with the kit" example imports it
// (`./orders.controller.js`): the one mirror of that README block, re-exported.
export { OrdersController } from '../../readme/blocks/quick-start/orders.controller.js';
