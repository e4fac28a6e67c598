import type { FieldDef, ResourceDef, Stored } from '../tastypie/types.ts';
import { children, computed } from './field-kit.ts';
import { productFields } from './product.ts';

type ProductField = keyof typeof productFields;

/** The Product fields a view shows, in the view's own order, with the view's own fields spliced in. */
function view(names: ReadonlyArray<ProductField | string>, own: Record<string, FieldDef>): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {};
  for (const n of names) {
    const f = own[n] ?? (productFields as Record<string, FieldDef>)[n];
    if (!f) throw new Error(`revel: product view field ${n} is neither a Product field nor the view's own`);
    out[n] = f;
  }
  return out;
}

/**
 * Python's str() of a list, which these views show for `kds_tags` (`"[]"` where Product has `[]`).
 */
function pythonList(value: unknown): string {
  if (!Array.isArray(value)) return '[]';
  return `[${value.map((v) => (typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : v === null ? 'None' : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v))).join(', ')}]`;
}

/** Fields the two views render differently from Product (as their samples show). */
const shared = {
  // Product shows `[]`; the views show null when there is no alternate lookup.
  alternate_lookup: computed((p: Stored) => (Array.isArray(p.alternate_lookup) && p.alternate_lookup.length ? p.alternate_lookup : null)),
  kds_tags: computed((p: Stored) => pythonList(p.kds_tags), 'string'),
};

/**
 * /resources/ProductPurchase/: Product as the purchasing screens read it; `is_alcohol`
 * reflects the product (revel-2.79-changelog.txt). Read-only: it changes with its product.
 */
export const ProductPurchase: ResourceDef = {
  name: 'ProductPurchase',
  namespace: 'resources',
  source: 'Product',
  fields: view(
    [
      'original_price', 'is_cold', 'bin_value', 'conv_ordering_disp', 'quick_pick_group', 'allow_price_override', 'is_combo', 'product_weight_unit',
      'label_date', 'purchase_product_age', 'sku', 'uuid', 'purchase_reward_multiplier', 'flat_tax_units', 'min_price', 'uom', 'show_on_pos',
      'crv_value', 'product_brand', 'shopify_sku', 'product_weight', 'item_no', 'sorting', 'name', 'limit_type', 'is_alcohol',
      'eligible_for_purchase_rewards', 'point_redeem', 'negative_sales_restricted', 'orderitems', 'commission_type', 'prevent_sales', 'limit_value',
      'sold_by_weight', 'msrp', 'preparation_time', 'prompt_for_upsell', 'kitchen_print_name', 'product_price_in_combo', 'cost', 'third_party_id',
      'crv_label', 'pos_column_width', 'variable_pricing', 'shelf_label_quantity', 'variable_pricing_by', 'set_price_per_group_for_combos',
      'comments', 'unit_size', 'course_number', 'display_on_kiosk', 'combo_upcharge', 'color_code', 'alternate_lookup', 'barcode', 'list_printers',
      'point_value', 'active', 'manufacturer', 'kitchen_description', 'display_online', 'product_width', 'tax_class', 'tax_included', 'created_date',
      'retail', 'kds_tags', 'default_inventory', 'promotional_product', 'increase_group_combo_price_based_on_upcharge', 'product_length_unit',
      'commission', 'price_embedded', 'is_drink', 'type', 'start_date', 'print_tags', 'end_date', 'service_duration', 'product_height_unit',
      'product_width_unit', 'disable_modifier_popup', 'max_threshold_price', 'percent_markup', 'delivery_method', 'dept', 'prompt_for_quantity',
      'product_height', 'export', 'attribute_2_name', 'redemption_level', 'dining_options', 'purchase_product_age_msg', 'seasonal_item', 'rti_combo',
      'id', 'surcharge', 'track_in_inventory', 'not_returnable', 'tare', 'establishment', 'ebt_no', 'updated_date', 'discountable', 'crv_enabled',
      'description', 'attribute_type', 'price', 'require_serial_number', 'attribute_1_name', 'prep_recipe', 'conv_ordering_sort_order', 'prep_yield',
      'max_price', 'product_length', 'track_recipe', 'resource_uri',
    ],
    {
      ...shared,
      // Purchase order items are not part of what this API covers: always none.
      orderitems: computed(() => [], 'json'),
    },
  ),
};

/**
 * /resources/ViewPurchaseOrderProduct/: Product with its nested `inventory`
 * (revel-2.79-changelog.txt); `is_alcohol` reflects the product. Read-only.
 */
export const ViewPurchaseOrderProduct: ResourceDef = {
  name: 'ViewPurchaseOrderProduct',
  namespace: 'resources',
  source: 'Product',
  fields: view(
    [
      'original_price', 'is_cold', 'bin_value', 'conv_ordering_disp', 'quick_pick_group', 'allow_price_override', 'is_combo', 'product_weight_unit',
      'label_date', 'purchase_product_age', 'sku', 'uuid', 'purchase_reward_multiplier', 'flat_tax_units', 'min_price', 'uom', 'show_on_pos',
      'crv_value', 'product_brand', 'shopify_sku', 'eligible_for_purchase_rewards', 'product_weight', 'item_no', 'sorting', 'name', 'is_alcohol',
      'attribute_2_name', 'point_redeem', 'negative_sales_restricted', 'commission_type', 'prevent_sales', 'sold_by_weight', 'preparation_time',
      'prompt_for_upsell', 'kitchen_print_name', 'product_price_in_combo', 'cost', 'third_party_id', 'crv_label', 'pos_column_width',
      'variable_pricing', 'shelf_label_quantity', 'variable_pricing_by', 'set_price_per_group_for_combos', 'comments', 'unit_size', 'course_number',
      'display_on_kiosk', 'combo_upcharge', 'color_code', 'alternate_lookup', 'barcode', 'list_printers', 'point_value', 'active', 'manufacturer',
      'kitchen_description', 'display_online', 'product_width', 'tax_class', 'tax_included', 'created_date', 'retail', 'kds_tags',
      'default_inventory', 'promotional_product', 'increase_group_combo_price_based_on_upcharge', 'product_length_unit', 'commission',
      'price_embedded', 'is_drink', 'type', 'print_tags', 'track_in_inventory', 'service_duration', 'dining_options', 'product_height_unit',
      'product_width_unit', 'disable_modifier_popup', 'max_threshold_price', 'percent_markup', 'dept', 'prompt_for_quantity', 'product_height',
      'export', 'msrp', 'purchase_product_age_msg', 'seasonal_item', 'rti_combo', 'id', 'surcharge', 'not_returnable', 'tare', 'inventory',
      'establishment', 'ebt_no', 'updated_date', 'discountable', 'crv_enabled', 'description', 'attribute_type', 'price', 'require_serial_number',
      'attribute_1_name', 'prep_recipe', 'conv_ordering_sort_order', 'prep_yield', 'max_price', 'product_length', 'track_recipe', 'resource_uri',
    ],
    {
      ...shared,
      inventory: children('Inventory', { many: false }),
    },
  ),
};
