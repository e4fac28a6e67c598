/**
 * The demo data of the Revel dialect (CONTRACT.md, "The demo sandbox"): every object printed in
 * revel-2.79-changelog.txt with its ids and values, in the form the document prints it (URIs
 * for relations), plus the objects those samples point to and the EMS layout of issue 3.
 * Where the document shows an object only through a reference (a user, an establishment, a
 * category), its other values are ours (README, "Demo data").
 */

const USER_2 = '/enterprise/User/2/';

/** Fixed so that every demo sandbox shows the same objects. */
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Product 919: the /resources/Product/ sample (is_alcohol false). Its views show it too. */
const PRODUCT_919 = {
  "original_price": null,
  "is_cold": false,
  "bin_value": null,
  "conv_ordering_disp": true,
  "quick_pick_group": null,
  "allow_price_override": false,
  "is_combo": 0,
  "upsell_combo_price": "0",
  "product_weight_unit": 0,
  "label_date": "2015-06-01T11:15:39.174838",
  "purchase_product_age": null,
  "sku": "6666",
  "increase_group_combo_price_based_on_upcharge": false,
  "attribute_parent": null,
  "purchase_reward_multiplier": 1.0,
  "flat_tax_units": 1,
  "created_by": "/enterprise/User/4/",
  "min_price": null,
  "categories": [
    "/products/ProductCategory/70/"
  ],
  "printers": [],
  "uom": "Unit",
  "dynamic_combo": null,
  "updated_by": "/enterprise/User/4/",
  "show_on_pos": true,
  "crv_value": null,
  "product_brand": null,
  "shopify_sku": null,
  "product_weight": null,
  "item_no": null,
  "sorting": 1,
  "attribute_2": null,
  "name": "Test Product",
  "attribute_1": null,
  "limit_type": 0,
  "size_chart": null,
  "is_alcohol": false,
  "eligible_for_purchase_rewards": true,
  "point_redeem": null,
  "negative_sales_restricted": false,
  "combo_product_8": null,
  "commission_type": 0,
  "prevent_sales": false,
  "is_food": false,
  "sold_by_weight": false,
  "preparation_time": 0,
  "combo_product_2": null,
  "prompt_for_upsell": 0,
  "combo_product_4": null,
  "combo_product_5": null,
  "combo_product_6": null,
  "combo_product_7": null,
  "kitchen_print_name": null,
  "product_price_in_combo": null,
  "cost": "0.0000",
  "export": true,
  "parent_dynamic_combo": null,
  "pos_column_width": 3,
  "variable_pricing": false,
  "shelf_label_quantity": 1,
  "variable_pricing_by": 0,
  "category": "/products/ProductCategory/70/",
  "set_price_per_group_for_combos": false,
  "comments": null,
  "unit_size": null,
  "course_number": null,
  "display_on_kiosk": false,
  "combo_upcharge": "0.0000",
  "color_code": 0,
  "alternate_lookup": [],
  "barcode": "200000000004",
  "crv_enabled": false,
  "list_printers": null,
  "point_value": null,
  "active": false,
  "uuid": "b6fce1d2-f25f-4a01-a137-1c9b8c4de58f",
  "kitchen_description": null,
  "display_online": true,
  "product_width": null,
  "tax_class": 0,
  "attribute_value_2": null,
  "tax_included": false,
  "attribute_value_1": null,
  "retail": null,
  "combo_productsets": [],
  "image": null,
  "kds_tags": [],
  "default_inventory": false,
  "limit_value": "0.0",
  "promotional_product": null,
  "product_length_unit": null,
  "receipt_text": null,
  "commission": "0.0000",
  "price_embedded": false,
  "is_drink": false,
  "attribute_1_name": "",
  "combo_product_1": null,
  "manufacturer": null,
  "product_group": [
    "/resources/ProductGroup/10/"
  ],
  "start_date": null,
  "external_shipping_addresses": [],
  "print_tags": true,
  "combo_product_3": null,
  "end_date": null,
  "service_duration": 0,
  "dining_options": "[0, 1, 2, 3, 4, 5, 6, 7]",
  "conv_ordering_sort_order": null,
  "prep_recipe": false,
  "product_width_unit": null,
  "disable_modifier_popup": false,
  "max_threshold_price": null,
  "type": 0,
  "percent_markup": null,
  "delivery_method": null,
  "dept": null,
  "prompt_for_quantity": false,
  "product_height": null,
  "third_party_id": null,
  "attribute_2_name": "",
  "redemption_level": null,
  "msrp": null,
  "crv_label": null,
  "purchase_product_age_msg": null,
  "tax": null,
  "seasonal_item": false,
  "rti_combo": false,
  "id": 919,
  "surcharge": "0",
  "price_tiers": [],
  "product_length": null,
  "combo_discount_products": [],
  "tare": null,
  "productclass": null,
  "parent_product": null,
  "establishment": "/enterprise/Establishment/1/",
  "ebt_no": false,
  "updated_date": "2022-02-27T16:43:34.713712",
  "discountable": true,
  "combo_saving_productset": null,
  "description": "",
  "attribute_type": 0,
  "price": 100.0,
  "created_date": "2015-06-01T11:15:39.174838",
  "tax_codes": [],
  "track_in_inventory": true,
  "require_serial_number": false,
  "upsell_combos": [],
  "product_height_unit": null,
  "happy_hour_price": null,
  "max_price": null,
  "prep_yield": null,
  "not_returnable": false,
  "track_recipe": false,
  "resource_uri": "/resources/Product/919/"
};

/** Modifier 103192: the Modifier sample; its printers are the three Devices of the expanded sample. */
const MODIFIER_103192 = {
  "sort": 1,
  "conv_ordering_disp": true,
  "kds_tags": [],
  "kitchen_print_name": null,
  "cost": "0.0000",
  "created_by": "/enterprise/User/7/",
  "is_conditional_mod": false,
  "id": 103192,
  "description": "",
  "sku": "",
  "uuid": "18c42e88-a319-42de-a48f-4611b5befd07",
  "is_quick": false,
  "updated_by": "/enterprise/User/2830/",
  "substitutions": [],
  "display_in_kiosk": true,
  "do_not_print": false,
  "printers": [
    "/resources/Device/615/",
    "/resources/Device/616/",
    "/resources/Device/125/"
  ],
  "substitute_modifiers": false,
  "img_url": null,
  "updated_date": "2023-11-16T11:20:32.282978",
  "color_code": 0,
  "deleted": false,
  "price": 0.0,
  "barcode": "100000003275",
  "modifierClass": "/resources/ModifierClass/27294/",
  "active": true,
  "name": "Buffalo",
  "kitchen_description": "",
  "display_online": true,
  "prep_recipe": false,
  "third_party_name": "",
  "establishment": "/enterprise/Establishment/160/",
  "no_modifier_substitute": false,
  "prep_yield": null,
  "created_date": "2022-05-19T07:41:23.648726",
  "is_hot": false,
  "conv_ordering_sort_order": null,
  "track_recipe": false,
  "resource_uri": "/resources/Modifier/103192/"
};

/** The values the three printers of the Modifier sample share. */
const PRINTER = {
  "user_pswd": null,
  "scale_measurement_unit": 0,
  "swipe_type": 0,
  "bumpbar_type": 0,
  "print_coordinator": null,
  "third_party_id": "",
  "printer_language": null,
  "device_type": 1,
  "printer_type": 18,
  "barcode_scanner_type": null,
  "printer_encoding": "pc858",
  "port": null,
  "model_num": null,
  "printer_pos_or_items": 1,
  "platform": "",
  "os_version": null,
  "printer_delegate": null,
  "version": null,
  "printer_expo": false,
  "label_template": null,
  "printer_cash_drawer_signal_type": "LOW",
  "kitchen_printer_chime": false,
  "printer_model": 15,
  "deviceextraparameters": [],
  "rfid_reader_type": 0,
  "fire_course_template": null,
  "active": true,
  "ip_address": null,
  "scale_type": 0,
  "printer_render_mode": null,
  "user_code": null,
  "kitchen_flow_views": [],
  "void_receipt_template": null,
  "bumpbar_orientation": 0,
  "gift_receipt_template": null
};

/** Devices 615, 616 and 125, as expanded in the Modifier sample: what differs between them. */
const DEVICES = [
  { id: 615, uuid: '1b5695c6-1a3b-41df-8429-d31e65b986a5', name: 'U220-1', establishment: '/enterprise/Establishment/102/', mac: '...', printer_template: null },
  { id: 616, uuid: '14eccb3b-3ccf-4d6a-b25a-a31e3dbea3a3', name: 'U220-2', establishment: '/enterprise/Establishment/102/', mac: '...', printer_template: null },
  { id: 125, uuid: '4fca807e-1f50-4c1c-8111-244e8a288479', name: 'U220-1', establishment: '/enterprise/Establishment/27/', mac: '', printer_template: '/resources/PosTemplate/274/' },
].map((d) => ({ ...PRINTER, ...d }));

/** Inventory 919, as nested in the ViewPurchaseOrderProduct sample. */
const INVENTORY_919 = {
  "updated_date": "2015-06-01T10:15:39.437858",
  "product": "/resources/Product/919/",
  "quantity_in_hand": null,
  "quantity_in_layaway": null,
  "cost": null,
  "threshold": "0.0000",
  "id": 919,
  "resource_uri": "/resources/Inventory/919/"
};

/** Timetable 13 and its seven rows, as nested in the CustomMenu sample. */
const TIMETABLE_13 = {
  "updated_date": "2015-11-18T05:44:57.121391",
  "updated_by": "/enterprise/User/2/",
  "type": 1,
  "created_by": "/enterprise/User/2/",
  "from_date": "1900-01-01",
  "to_date": "2100-01-01",
  "created_date": "2015-11-18T05:44:57.121391",
  "active": true,
  "establishment": "/enterprise/Establishment/1/",
  "id": 13
};

/** Its rows: one a day (0-6, ids 1-7), open all day. */
const TIMETABLE_ROWS = [0, 1, 2, 3, 4, 5, 6].map((day) => ({
  "updated_date": "2015-11-18T05:44:57.121391",
  "close_time": "23:59:00",
  "updated_by": USER_2,
  "created_by": USER_2,
  "day_of_week": day,
  "created_date": "2015-11-18T05:44:57.121391",
  "timetable": "/resources/Timetable/13/",
  "id": day + 1,
  "open_time": "00:00:00"
}));

/** CustomMenu 1 (the CustomMenu sample), ProductGroup 9 "Kiosk" (the ProductGroup sample), ProductGroupAction 9. */
const CUSTOM_MENU_1 = {
  "updated_date": "2015-11-18T05:44:57.121391",
  "restricted_products": false,
  "stations": [],
  "application_type": 2,
  "price_tier": null,
  "active": true,
  "third_party_price_upcharge": null,
  "mode": 2,
  "timetable": "/resources/Timetable/13/",
  "doordash_marketplace_menu": false,
  "product_group": "/resources/ProductGroup/9/",
  "id": 1,
  "resource_uri": "/resources/CustomMenu/1/"
};

const PRODUCT_GROUP_9 = {
  "updated_date": "2015-11-18T05:44:57.121391",
  "sorting": 0,
  "updated_by": "/enterprise/User/2/",
  "establishment": "/enterprise/Establishment/1/",
  "id": 9,
  "discounts": false,
  "products": [],
  "created_by": "/enterprise/User/2/",
  "created_date": "2015-11-18T05:44:57.121391",
  "tax_rule": 0,
  "resource_uri": "/resources/ProductGroup/9/",
  "active": true,
  "display": false,
  "name": "Kiosk"
};

const PRODUCT_GROUP_ACTION_9 = {
  "id": 9,
  "active": true,
  "action_data": "/resources/CustomMenu/1/",
  "action_type": "CustomMenu",
  "product_group": "/resources/ProductGroup/9/"
};

const CREATED = '2015-06-01T10:00:00';

/** Establishments 1, 2, 27, 102 and 160: the ones the samples point to. 1 is the base of the EMS level, 2 its child. */
const ESTABLISHMENTS = [
  { id: 1, name: 'Demo Restaurant', business_name: 'Demo Restaurant Group', brand_name: 'Demo', contact_name: 'Demo Manager', email: 'manager@demo.example', phone: '+1 555 0100' },
  { id: 2, name: 'Demo Restaurant Downtown', business_name: 'Demo Restaurant Group', brand_name: 'Demo', contact_name: null, email: null, phone: null },
  { id: 27, name: 'Demo Kitchen', business_name: 'Demo Restaurant Group', brand_name: 'Demo', contact_name: null, email: null, phone: null },
  { id: 102, name: 'Demo Bar', business_name: 'Demo Restaurant Group', brand_name: 'Demo', contact_name: null, email: null, phone: null },
  { id: 160, name: 'Demo Wings', business_name: 'Demo Restaurant Group', brand_name: 'Demo', contact_name: null, email: null, phone: null },
].map((e) => ({
  ...e,
  active: true,
  address: null,
  time_zone: 'UTC',
  created_by: null,
  created_date: CREATED,
  updated_by: null,
  updated_date: CREATED,
  uuid: uuid(e.id),
}));

/** Users 1, 2, 4, 7 and 2830: the `created_by`/`updated_by` of the samples. */
const USERS = [
  { id: 1, username: 'admin', first_name: 'Demo', last_name: 'Admin', email: 'admin@demo.example', establishment: '/enterprise/Establishment/1/' },
  { id: 2, username: 'manager', first_name: 'Demo', last_name: 'Manager', email: 'manager@demo.example', establishment: '/enterprise/Establishment/1/' },
  { id: 4, username: 'catalog', first_name: 'Catalog', last_name: 'Editor', email: 'catalog@demo.example', establishment: '/enterprise/Establishment/1/' },
  { id: 7, username: 'wings', first_name: 'Wings', last_name: 'Manager', email: 'wings@demo.example', establishment: '/enterprise/Establishment/160/' },
  { id: 2830, username: 'integration', first_name: 'API', last_name: 'Integration', email: 'api@demo.example', establishment: '/enterprise/Establishment/160/' },
].map((u) => ({ ...u, is_active: true, date_joined: CREATED, last_login: null }));

/** ProductCategory 70 (Product 919's) and 1326 (the category of the document's POST example). */
const CATEGORIES = [
  { id: 70, name: 'Test Category', sorting: 1 },
  { id: 1326, name: 'Cocktails', sorting: 2 },
].map((c) => ({
  ...c,
  description: '',
  active: true,
  barcode: null,
  image: null,
  parent: null,
  establishment: '/enterprise/Establishment/1/',
  created_by: '/enterprise/User/4/',
  created_date: CREATED,
  updated_by: '/enterprise/User/4/',
  updated_date: CREATED,
  uuid: uuid(100000 + c.id),
}));

const MODIFIER_CLASS_27294 = {
  id: 27294,
  name: 'Wing Sauces',
  description: '',
  sort: 1,
  active: true,
  establishment: '/enterprise/Establishment/160/',
  created_by: '/enterprise/User/7/',
  created_date: '2022-05-19T07:40:00',
  updated_by: '/enterprise/User/7/',
  updated_date: '2022-05-19T07:40:00',
  uuid: uuid(27294),
};

/** PosTemplate 274: Device 125's `printer_template`. */
const POS_TEMPLATE_274 = {
  id: 274,
  name: 'Kitchen Ticket',
  type: 0,
  template: '',
  active: true,
  establishment: '/enterprise/Establishment/27/',
  created_by: USER_2,
  created_date: CREATED,
  updated_by: USER_2,
  updated_date: CREATED,
};

/** ProductGroup 10: Product 919's `product_group`. */
const PRODUCT_GROUP_10 = {
  id: 10,
  name: 'Test Product Group',
  updated_date: CREATED,
  sorting: 1,
  updated_by: '/enterprise/User/4/',
  establishment: '/enterprise/Establishment/1/',
  discounts: false,
  products: ['/resources/Product/919/'],
  created_by: '/enterprise/User/4/',
  created_date: CREATED,
  tax_rule: 0,
  active: true,
  display: false,
};

/**
 * The EMS layout of issue 3 (README): Discount 14 on establishment 2, 115 and 141 on
 * establishment 1, none EMS-managed; Discount 200 managed from EMS by establishment 1 (the
 * base) with no codes, and 201 its copy pushed to establishment 2.
 */
const DISCOUNTS = [
  { id: 14, name: '10% Off', type: 1, value: '10.0000', barcode: '', establishment: '/enterprise/Establishment/2/' },
  { id: 115, name: 'Catalog Promo', type: 0, value: '5.0000', barcode: '', establishment: '/enterprise/Establishment/1/' },
  { id: 141, name: 'Welcome Codes', type: 1, value: '15.0000', barcode: '', establishment: '/enterprise/Establishment/1/' },
  { id: 200, name: 'EMS Summer Deal', type: 1, value: '20.0000', barcode: '200000000200', establishment: '/enterprise/Establishment/1/', ems_owner: 1, ems_origin: null },
  { id: 201, name: 'EMS Summer Deal', type: 1, value: '20.0000', barcode: '200000000200', establishment: '/enterprise/Establishment/2/', ems_owner: 1, ems_origin: 200 },
].map((d) => ({
  ems_owner: null,
  ems_origin: null,
  ems_push_base: false,
  ...d,
  description: '',
  apply_type: 0,
  active: true,
  sorting: 0,
  uuid: uuid(200000 + d.id),
  created_by: USER_2,
  created_date: CREATED,
  updated_by: USER_2,
  updated_date: CREATED,
}));

/** Every demo object by resource, in the form the document prints them. */
export const DEMO_OBJECTS: Record<string, Array<Record<string, unknown>>> = {
  Establishment: ESTABLISHMENTS,
  User: USERS,
  ProductCategory: CATEGORIES,
  ModifierClass: [MODIFIER_CLASS_27294],
  PosTemplate: [POS_TEMPLATE_274],
  Device: DEVICES,
  Modifier: [MODIFIER_103192],
  Product: [PRODUCT_919],
  Inventory: [INVENTORY_919],
  Timetable: [TIMETABLE_13],
  TimetableData: TIMETABLE_ROWS,
  ProductGroup: [PRODUCT_GROUP_9, PRODUCT_GROUP_10],
  CustomMenu: [CUSTOM_MENU_1],
  ProductGroupAction: [PRODUCT_GROUP_ACTION_9],
  Discount: DISCOUNTS,
};

/** The codes of the DiscountCode samples: 102021 on Discount 115, 402080 and 402088 on Discount 141. */
export const DEMO_CODES = [
  { id: 102021, discount_id: 115, establishment_id: 1, code: 'cat100002', type: 1, used: 0 },
  { id: 402080, discount_id: 141, establishment_id: 1, code: '2. .3. .', type: 1, used: 0 },
  { id: 402088, discount_id: 141, establishment_id: 1, code: 'tet5', type: 1, used: 0 },
];
