import { searchAdvertisingBrandnames, searchBrandnames, searchViberBrandnames } from './brandnames';
import { searchSmsTemplates } from './smsTemplates';
import { getSmsTemplateParams, getZnsTemplateParams } from './templateParams';
import { searchZaloOas } from './zaloOas';
import { searchZnsTemplates } from './znsTemplates';

/** The node's `methods`: the pickers' list searches and the template parameter fields. */
export const listSearch = { searchBrandnames, searchSmsTemplates, searchZaloOas, searchZnsTemplates, searchViberBrandnames, searchAdvertisingBrandnames };
export const resourceMapping = { getSmsTemplateParams, getZnsTemplateParams };

export { brandnameField } from './brandnames';
export { smsTemplateField } from './smsTemplates';
export { zaloOaField } from './zaloOas';
export { znsTemplateField } from './znsTemplates';
export { smsTemplateParamsField, znsTemplateParamsField } from './templateParams';
